/**
 * Đợt báo cáo: the rounds on the server (each year's kept), which one is in use, a new round
 * (a draft: from this one's settings or the blank template, its units kept or taken from a list
 * selected on a sheet), the settings edited on a sheet ("Cài đặt đợt") and saved back, and units
 * added or brought up to date (codes, contacts) from a selected list.
 */
import { Body1, Body1Strong, Button, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { blankRound, nextRound } from '../../core/rounds/round-edit';
import type { Round } from '../../core/rounds/round-schema';
import { fromVnDate, readRoundSheet, ROUND_SHEET, roundSheetRows, sheetRoundName } from '../../core/rounds/round-sheet';
import { mergeUnits, unitsFromList } from '../../core/rounds/unit-table';
import { vietnameseDate } from '../../core/rounds/submission';
import { foldKey } from '../../core/text';
import { ConfirmButton } from './ConfirmButton';
import { activateRound, createRound, extendDeadline, fetchRounds, lockScores, updateRound, type RoundSummary } from '../sync/admin-api';
import { ApiFailure } from '../sync/api';
import type { AdminProps } from './AdminView';
import { useAdminStyles } from './AdminView';
import { useWork, WorkStatus } from './useWork';

export function AdminRounds({ excel, connection, fetch, onRoundChanged }: AdminProps) {
  const styles = useAdminStyles();
  const [rounds, setRounds] = useState<RoundSummary[]>([]);
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  const [template, setTemplate] = useState<'active' | 'blank'>('active');
  const [unitSource, setUnitSource] = useState<'active' | 'selection'>('active');
  // Coloured by what it is: a done action green, a "nothing to do" or a caution yellow.
  const [notice, setNoticeOf] = useState<{ text: string; intent: 'success' | 'warning' } | null>(null);
  const setNotice = (text: string | null, intent: 'success' | 'warning' = 'success') => setNoticeOf(text === null ? null : { text, intent });
  const [extendUnit, setExtendUnit] = useState('');
  const [extendUntil, setExtendUntil] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const { busy, problem, run } = useWork(() => (setNotice(null), setProblems([])));
  const load = async () => setRounds(await fetchRounds(connection, fetch));
  useEffect(() => void run('Đang tải các đợt…', load), []);
  const active = rounds.find((r) => r.active);
  const activeRound = active?.round as Round | undefined;
  // The round whose settings the sheet edits: the active one, or a draft prepared beside it
  // (a round not in use yet), changed freely without touching the round units are sending to.
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = rounds.find((r) => r.id === editingId) ?? active;
  const editingRound = editing?.round as Round | undefined;
  // Every round's units: a unit keeps its id across years (by code, name or former name), and its predecessors are named.
  const knownUnits = rounds.flatMap((r) => (r.round as Round).units);

  /** The units of the list selected on a sheet, each keeping the id it had; its problems shown (and nothing saved) when it has any. */
  const selectedUnits = async (previous: Round['units']) => {
    const read = unitsFromList(await excel.readSelectedText(), { previous, known: knownUnits });
    if (read.problems.length > 0) setProblems(read.problems.map((p) => p.message));
    return read.problems.length > 0 ? null : read.units;
  };

  /** Saves `round`'s settings; the server's refusal lists what to keep. Whether it was saved. */
  const save = async (round: Round, done: string): Promise<boolean> => {
    try {
      await updateRound(connection, round.id, round, fetch);
    } catch (error) {
      const listed = error instanceof ApiFailure ? (error.body as { problems?: string[] } | null)?.problems : undefined;
      if (listed) {
        setProblems(listed);
        return false;
      }
      throw error;
    }
    await load();
    if (round.id === active?.id) onRoundChanged();
    setNotice(done);
    return true;
  };

  const importUnits = () =>
    run('Đang thêm đơn vị…', async () => {
      if (!editingRound) return;
      const listed = await selectedUnits(editingRound.units);
      if (!listed) return;
      const { units, added, updated } = mergeUnits(editingRound.units, listed);
      if (added.length === 0 && updated.length === 0) return setNotice('Vùng đang chọn không có đơn vị nào mới hay thông tin nào mới. Hãy chọn danh sách đơn vị (có thể kèm dòng tiêu đề: Mã đơn vị, Tên đơn vị, Người liên hệ, Điện thoại, Thư điện tử) rồi bấm lại.', 'warning');
      const some = (names: string[]) => `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
      await save(
        { ...editingRound, units },
        [added.length > 0 ? `Đã thêm ${added.length} đơn vị vào đợt “${editingRound.name}”: ${some(added)}.` : '', updated.length > 0 ? `Đã cập nhật ${updated.length} đơn vị: ${some(updated)}.` : ''].filter(Boolean).join(' '),
      );
    });

  const writeSettings = () =>
    run('Đang ghi cài đặt…', async () => {
      if (!editingRound) return;
      await excel.writePlainSheet({ name: ROUND_SHEET, ...roundSheetRows(editingRound, knownUnits) });
      setNotice(`Đã ghi cài đặt của đợt “${editingRound.name}” vào trang “${ROUND_SHEET}”. Sửa trên trang rồi bấm “Lưu cài đặt từ trang tính”.`);
    });

  const saveSettings = () =>
    run('Đang lưu cài đặt…', async () => {
      if (!editingRound) return;
      const grid = await excel.readPlainSheet(ROUND_SHEET);
      if (!grid) return setProblems([`Chưa có trang “${ROUND_SHEET}”: bấm “Ghi cài đặt ra trang tính” trước.`]);
      // The sheet says whose settings it holds: never one round's sheet saved into another.
      const written = sheetRoundName(grid);
      if (written !== null && written !== editingRound.name) {
        return setProblems([`Trang “${ROUND_SHEET}” đang là cài đặt của đợt “${written}”, không phải đợt đang chọn “${editingRound.name}”. Hãy chọn đúng đợt, hoặc ghi lại trang.`]);
      }
      const read = readRoundSheet(grid, editingRound, knownUnits);
      // The cells at fault are marked on the sheet, and everything typed there stays for the clerk to fix.
      await excel.markFindings(ROUND_SHEET, read.problems.flatMap((p, i) => (p.cell ? [{ code: 'bad-setting' as const, severity: 'error' as const, row: i, cell: p.cell, message: p.message }] : [])));
      if (!read.round) return setProblems(read.problems.map((p) => p.message));
      if (await save(read.round, `Đã lưu cài đặt của đợt “${read.round.name}”.${read.round.id === active?.id ? '' : ' Đợt này chưa dùng: bấm “Dùng đợt này” khi sẵn sàng mở.'}`)) {
        // Saved: the sheet written again from what the server holds (its marks gone, its heading the round's name now).
        await excel.clearMarks(ROUND_SHEET);
        await excel.writePlainSheet({ name: ROUND_SHEET, ...roundSheetRows(read.round, knownUnits) });
      }
    });

  const createNext = () =>
    run('Đang tạo đợt mới…', async () => {
      if (!activeRound) return;
      const y = Number(year);
      if (!name.trim() || !Number.isInteger(y) || y < 2000 || y > 2100) return setProblems(['Hãy ghi tên đợt mới và năm (ví dụ 2026).']);
      const units = unitSource === 'selection' ? await selectedUnits([]) : activeRound.units;
      if (!units) return;
      if (units.length === 0) return setProblems(['Vùng đang chọn không có đơn vị nào. Hãy chọn danh sách đơn vị trên trang tính (mỗi dòng một đơn vị, có thể kèm dòng tiêu đề) rồi bấm lại.']);
      const taken = rounds.map((r) => r.id);
      const round = template === 'blank' ? blankRound(activeRound, name.trim(), y, units, taken) : { ...nextRound(activeRound, name.trim(), y, taken), units };
      await createRound(connection, round, fetch);
      await load();
      setEditingId(round.id);
      const from = template === 'blank' ? 'từ mẫu trống' : 'từ cài đặt của đợt đang dùng';
      setNotice(`Đã tạo đợt “${round.name}” (bản nháp, ${units.length} đơn vị) ${from}; đợt đang dùng không đổi. Chọn “Ghi cài đặt ra trang tính” để sửa đợt mới, rồi bấm “Dùng đợt này” khi sẵn sàng mở.`);
    });

  const extend = () =>
    run('Đang gia hạn…', async () => {
      const until = fromVnDate(extendUntil, '23:59');
      if (!extendUnit || !until) return setProblems(['Chọn đơn vị và ghi ngày gia hạn dạng ngày/tháng/năm (ví dụ 30/09/2025).']);
      await extendDeadline(connection, extendUnit, until, fetch);
      setNotice(`${extendUnit} được gửi báo cáo đến hết ngày ${extendUntil}.`);
    });

  const use = (r: RoundSummary) =>
    run('Đang chuyển đợt…', async () => {
      await activateRound(connection, r.id, fetch);
      await load();
      onRoundChanged();
      setNotice(`Đợt đang dùng: “${r.name}”. Đơn vị gửi báo cáo và Hội đồng chấm điểm trong đợt này.`);
    });

  const lock = (r: RoundSummary, locked: boolean) =>
    run(locked ? 'Đang chốt điểm…' : 'Đang mở lại việc chấm điểm…', async () => {
      await lockScores(connection, r.id, locked, fetch);
      await load();
      setNotice(
        locked
          ? `Đã chốt điểm đợt “${r.name}”: ${r.scores} điểm được giữ nguyên, Hội đồng không sửa được nữa. Bảng tổng hợp lập từ bây giờ dùng đúng các điểm này.`
          : `Đã mở lại việc chấm điểm đợt “${r.name}”: Hội đồng sửa được điểm cho đến khi chốt lại.`,
      );
    });

  return (
    <>
      <WorkStatus busy={busy} problem={problem} />
      {notice && (
        <MessageBar intent={notice.intent}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {problems.length > 0 && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Chưa lưu được</MessageBarTitle>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      <ul className={styles.list} aria-label="Các đợt báo cáo">
        {rounds.map((r) => (
          <li key={r.id}>
            <Body1Strong>{r.name}</Body1Strong>{' '}
            <Caption1>
              {r.active ? '✓ Đang dùng' : 'Không dùng'} · {r.units} đơn vị · {r.reports} đã gửi · {r.scores} điểm
            </Caption1>{' '}
            {!r.active && (
              <ConfirmButton
                size="small"
                disabled={Boolean(busy)}
                label={`Dùng đợt này: ${r.name}`}
                consequence={`Chuyển sang đợt “${r.name}”? Từ lúc này các đơn vị gửi báo cáo và Hội đồng chấm điểm trong đợt này; đợt đang dùng và dữ liệu của nó vẫn được giữ.`}
                onConfirm={() => void use(r)}
              >
                Dùng đợt này
              </ConfirmButton>
            )}{' '}
            {r.round.scoresLocked ? (
              <>
                <Caption1>· Đã chốt điểm {vietnameseDate(r.round.scoresLocked.at)}</Caption1>{' '}
                <ConfirmButton
                  size="small"
                  disabled={Boolean(busy)}
                  label={`Mở lại chấm điểm đợt ${r.name}`}
                  consequence={`Mở lại việc chấm điểm đợt “${r.name}”? Hội đồng sửa được điểm, nên kết quả và bảng tổng hợp có thể thay đổi cho đến khi chốt lại.`}
                  onConfirm={() => void lock(r, false)}
                >
                  Mở lại chấm điểm
                </ConfirmButton>
              </>
            ) : (
              <ConfirmButton
                size="small"
                disabled={Boolean(busy)}
                label={`Chốt điểm đợt ${r.name}`}
                consequence={`Chốt điểm đợt “${r.name}”? ${r.scores} điểm được giữ nguyên; Hội đồng không sửa được điểm nữa cho đến khi mở lại.`}
                onConfirm={() => void lock(r, true)}
              >
                Chốt điểm
              </ConfirmButton>
            )}
          </li>
        ))}
      </ul>
      <Body1Strong>Cài đặt của đợt</Body1Strong>
      <Body1>Tên, năm, thời hạn, hạn chấm, đơn vị, lĩnh vực, tiêu chí và giải thưởng được ghi ra trang “{ROUND_SHEET}” để sửa như một bảng tính. Đợt chưa dùng (bản nháp) sửa thoải mái mà không ảnh hưởng đợt đang dùng.</Body1>
      <Field className={styles.field} label="Đợt đang sửa cài đặt">
        <Select className={styles.select} value={editing?.id ?? ''} onChange={(_e, d) => setEditingId(d.value)}>
          {rounds.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} {r.active ? '(đang dùng)' : r.reports === 0 ? '(bản nháp, chưa dùng)' : '(không dùng)'}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.buttons}>
        <Button onClick={() => void writeSettings()} disabled={Boolean(busy) || !editingRound}>
          Ghi cài đặt ra trang tính
        </Button>
        <Button appearance="primary" onClick={() => void saveSettings()} disabled={Boolean(busy) || !editingRound}>
          Lưu cài đặt từ trang tính
        </Button>
        <Button onClick={() => void importUnits()} disabled={Boolean(busy) || !editingRound}>
          Thêm, cập nhật đơn vị từ vùng đang chọn
        </Button>
      </div>
      <Body1Strong>Gia hạn cho một đơn vị</Body1Strong>
      <div className={styles.buttons}>
        <Field className={styles.field} label="Đơn vị được gia hạn">
          <Select className={styles.select} value={extendUnit} onChange={(_e, d) => setExtendUnit(d.value)}>
            <option value="">— Chọn đơn vị —</option>
            {(activeRound?.units ?? []).map((u) => (
              <option key={u.name}>{u.name}</option>
            ))}
          </Select>
        </Field>
        <Field label="Đến hết ngày (ngày/tháng/năm)">
          <Input value={extendUntil} onChange={(_e, d) => setExtendUntil(d.value)} placeholder="30/09/2025" />
        </Field>
      </div>
      <div>
        <Button onClick={() => void extend()} disabled={Boolean(busy)}>
          Gia hạn
        </Button>
      </div>
      <Body1Strong>Đợt mới (năm sau)</Body1Strong>
      <Field label="Tên đợt mới">
        <Input value={name} onChange={(_e, d) => setName(d.value)} placeholder={activeRound ? activeRound.name.replace(/\d{4}/, String((activeRound.year ?? 0) + 1)) : ''} />
      </Field>
      <Field label="Năm của đợt mới">
        <Input value={year} onChange={(_e, d) => setYear(d.value)} inputMode="numeric" />
      </Field>
      <Field className={styles.field} label="Lĩnh vực, tiêu chí và giải thưởng">
        <Select className={styles.select} value={template} onChange={(_e, d) => setTemplate(d.value as 'active' | 'blank')}>
          <option value="active">Như đợt đang dùng</option>
          <option value="blank">Theo mẫu trống (8 lĩnh vực, thang điểm 100, chưa có giải)</option>
        </Select>
      </Field>
      <Field className={styles.field} label="Đơn vị của đợt mới" hint="Danh sách chọn trên trang tính: mỗi dòng một đơn vị; dòng tiêu đề (Mã đơn vị, Tên đơn vị, Loại, Người liên hệ, Điện thoại, Thư điện tử…) cho biết cột nào là gì.">
        <Select className={styles.select} value={unitSource} onChange={(_e, d) => setUnitSource(d.value as 'active' | 'selection')}>
          <option value="active">Các đơn vị của đợt đang dùng</option>
          <option value="selection">Danh sách đang chọn trên trang tính</option>
        </Select>
      </Field>
      <div>
        <Button onClick={() => void createNext()} disabled={Boolean(busy) || !activeRound || foldKey(name) === ''}>
          Tạo đợt mới (bản nháp)
        </Button>
      </div>
    </>
  );
}
