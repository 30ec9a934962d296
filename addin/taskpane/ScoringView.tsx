/**
 * Chấm điểm (reviewers): builds the "Phiếu chấm" sheet from the server, shows the rubric card for
 * one entry at a time, and sends every saved score through the outbox. Scores typed straight into
 * the sheet are picked up too: on Excel's onChanged, on "Đồng bộ", and before every send.
 */
import { Body1, Body1Strong, Button, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  entriesToScore,
  SCORE_SHEET,
  scoresToSend,
  scoreSheetChanges,
  scoreSheetLayout,
  scoreSheetRows,
  type ScoreSheetChanges,
  type ScoredEntry,
  type ScoreSheetRow,
  type ScoreValues,
} from '../../core/judging/score-sheet';
import { columnLetter } from '../../core/reader/layout';
import { organiserWords } from '../../core/rounds/organiser';
import { scoringDeadlineText } from '../../core/rounds/submission';
import { scoringClosedReason } from '../../core/judging/scoring';
import type { Issue } from '../../core/types';
import { fetchMyAssignment, fetchScores, fetchSubmissions, type Connection, type FetchLike, type Me, type ServerScore } from '../sync/api';
import type { Outbox, OutboxItem } from '../sync/outbox';
import { confirmedScores, conflicts, sendScore, waitingScores } from '../sync/scores';
import type { ExcelActions } from './actions';
import { BadPoints, SheetChanges } from './ScoringNotices';
import { useWork, WorkStatus } from './useWork';
import { RubricCard } from './RubricCard';
import { oneAtATime } from './one-at-a-time';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  // Where the scoring stands stays in sight while the reviewer scrolls through a long card.
  sticky: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalXS,
    background: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

/** What a saved score's outbox item says, in words. */
function deliveryWords(item: OutboxItem | undefined): string {
  if (!item || item.state === 'delivered') return 'máy chủ đã nhận';
  if (item.state === 'rejected') return item.error?.status === 412 ? 'cần chọn giữ điểm nào (xem ở trên)' : 'máy chủ không nhận (xem ở trên)';
  return item.error ? 'chưa gửi được, sẽ tự gửi khi có kết nối' : 'đang gửi lên máy chủ';
}

type Filter = 'all' | 'unscored' | 'stale';

export interface ScoringViewProps {
  excel: ExcelActions;
  connection: Connection;
  me: Me;
  outbox: Outbox;
  items: OutboxItem[];
  fetch?: FetchLike;
  /** Lets the pane re-read the sheet before every send of the outbox. */
  registerBeforeFlush: (collect: (() => Promise<void>) | null) => void;
  now?: () => Date;
}

const EMPTY: ScoreValues = { points: {}, comment: '' };

export function ScoringView({ excel, connection, me, outbox, items, fetch, registerBeforeFlush, now = () => new Date() }: ScoringViewProps) {
  const styles = useStyles();
  const criteria = me.round.rubric.criteria;
  const layout = useMemo(() => scoreSheetLayout(criteria), [criteria]);
  const [entries, setEntries] = useState<ScoredEntry[] | null>(null);
  const [ownUnit, setOwnUnit] = useState(0);
  /** The round's assignment as it applies to this reviewer: how many entries are theirs, and by what rule. */
  const [assigned, setAssigned] = useState<{ mode: 'by-field' | 'even'; count: number; of: number } | null>(null);
  const [server, setServer] = useState<ServerScore[]>([]);
  const [rows, setRows] = useState<ScoreSheetRow[]>([]);
  const [filter, setFilter] = useState<Filter>('all');
  const [current, setCurrent] = useState<string | null>(null);
  /** The last score saved from the card: confirmed where the reviewer looks, with its delivery. */
  const [lastSaved, setLastSaved] = useState<{ key: string; title: string; total: number } | null>(null);
  /** What changed since the sheet was last built (entries withdrawn, added, changed). */
  const [changes, setChanges] = useState<ScoreSheetChanges | null>(null);
  const { busy, problem, run } = useWork();

  const confirmed = useMemo(() => confirmedScores(server, items), [server, items]);
  const latest = useRef({ server, items });
  latest.current = { server, items };

  /** The workbook's score sheet was built by another account: nothing in it is sent as this one's. */
  const foreignSheet = () => {
    const owner = excel.readScoreSheetOwner();
    return owner !== null && me.id !== undefined && owner !== me.id;
  };
  const [othersSheet, setOthersSheet] = useState(false);

  /** Re-reads the sheet, marks bad points and entries to re-check, queues what changed. */
  const collectNow = useCallback(async () => {
    if (foreignSheet()) {
      setOthersSheet(true);
      return;
    }
    const read = await excel.readScoreSheetRows(layout, criteria);
    if (read === null) return;
    setRows(read);
    // Fresh from the outbox's storage: the view's copy may be a render behind.
    const now = outbox.mine();
    const known = confirmedScores(latest.current.server, now);
    const issues: Issue[] = read.flatMap((r) => r.problems.map((p) => ({ code: 'bad-score' as const, severity: 'error' as const, row: r.row, cell: p.cell, message: p.message })));
    for (const r of read) {
      if (known.get(r.entryId)?.stale) {
        const cell = `${columnLetter(layout.criteria[0]!.column)}${r.row}`;
        issues.push({ code: 'stale-score', severity: 'warning', row: r.row, cell, message: 'Đơn vị đã sửa mô hình này sau lần chấm trước: hãy xem lại và lưu lại điểm.' });
      }
    }
    await excel.markFindings(SCORE_SHEET, issues, new Map(read.map((r) => [r.row, `id:${r.entryId}`])));
    const titles = new Map((entries ?? []).map((e) => [e.id, e.title]));
    const refused = new Set(now.filter((i) => i.kind === 'score' && i.state === 'rejected').map((i) => decodeURIComponent(i.path.slice('/api/scores/'.length))));
    for (const r of scoresToSend(read, known, waitingScores(now), refused)) sendScore(outbox, r.entryId, titles.get(r.entryId) ?? r.entryId, r, known.get(r.entryId)?.version ?? 0);
  }, [excel, layout, criteria, entries, outbox, me.id]);
  // One collect at a time: an edit, the add-in's own write and Đồng bộ may all ask at once.
  const collect = useMemo(() => oneAtATime(collectNow), [collectNow]);

  useEffect(() => {
    registerBeforeFlush(entries ? collect : null);
    return () => registerBeforeFlush(null);
  }, [collect, entries, registerBeforeFlush]);

  const build = () =>
    run('Đang lập phiếu chấm…', async () => {
      const [submissions, scores, assignment] = await Promise.all([fetchSubmissions(connection, fetch), fetchScores(connection, fetch), fetchMyAssignment(connection, fetch)]);
      const every = submissions.flatMap((s) => s.entries.map((e) => ({ ...e, unit: s.unit })));
      // With an assignment, the sheet holds the reviewer's own list (the server's rule, core/judging/assignment).
      const mine = assignment ? new Set(assignment.entries) : null;
      const all = mine ? every.filter((e) => mine.has(e.id)) : every;
      // The server sends a reviewer with an assignment only their reports: how many the round has comes with the assignment.
      setAssigned(assignment ? { mode: assignment.mode, count: all.length, of: assignment.of ?? every.length } : null);
      const { scored, ownUnit: own } = entriesToScore({ units: me.round.units ?? [] }, all, { unit: me.unit ?? undefined, unitId: me.unitId ?? undefined });
      const known = confirmedScores(scores, latest.current.items);
      // Another account's sheet is rebuilt from nothing: its typed points are that account's, not this one's.
      const others = foreignSheet();
      // The sheet as it was, to tell the reviewer what changed since (a withdrawn entry's row goes).
      const before = others ? [] : ((await excel.readScoreSheetRows(layout, criteria)) ?? []).map((r) => r.entry);
      const stale = new Set([...known].filter(([, score]) => score.stale).map(([id]) => id));
      setChanges(before.length > 0 ? scoreSheetChanges(before, scored, stale) : null);
      await excel.buildScoreSheet(layout, criteria, (typed) => scoreSheetRows(layout, scored, others ? new Map() : typed, known));
      if (me.id) await excel.saveScoreSheetOwner(me.id);
      setOthersSheet(false);
      setServer(scores);
      setEntries(scored);
      setOwnUnit(own.length);
      setCurrent(scored[0]?.id ?? null);
      setRows((await excel.readScoreSheetRows(layout, criteria)) ?? []);
    });

  // A score sheet already in the workbook (the pane reopened, perhaps offline): work from it.
  useEffect(() => {
    let live = true;
    if (foreignSheet()) {
      setOthersSheet(true);
      return;
    }
    void excel
      .readScoreSheetRows(layout, criteria)
      .then((read) => {
        if (!live || !read || read.length === 0) return;
        setEntries((known) => known ?? read.map((r) => r.entry));
        setRows(read);
        setCurrent((id) => id ?? read.find((r) => !r.complete)?.entryId ?? read[0]!.entryId);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [excel, layout, criteria]);

  // Typing in the sheet: collect shortly after the last edit.
  useEffect(() => {
    if (!entries) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stop: (() => Promise<void>) | null = null;
    let live = true;
    void excel
      .watchScoreSheet(() => {
        clearTimeout(timer);
        timer = setTimeout(() => void collect().then(() => outbox.flush({ force: true })), 800);
      })
      .then((s) => (live ? (stop = s) : void s?.()));
    return () => {
      live = false;
      clearTimeout(timer);
      void stop?.();
    };
  }, [entries, excel, collect, outbox]);

  const byId = new Map(rows.map((r) => [r.entryId, r]));
  const isScored = (id: string) => byId.get(id)?.complete === true;
  const visible = (entries ?? []).filter((e) => (filter === 'unscored' ? !isScored(e.id) : filter === 'stale' ? confirmed.get(e.id)?.stale === true : true));
  const index = Math.max(0, visible.findIndex((e) => e.id === current));
  const entry = visible[index];
  const done = (entries ?? []).filter((e) => isScored(e.id)).length;
  const closed = scoringClosedReason(me.round, now());
  const waiting = items.filter((i) => i.kind === 'score' && i.state === 'pending').length;
  const delivered = items.filter((i) => i.kind === 'score' && i.state === 'delivered').length;
  const clashes = conflicts(items);
  const refused = items.filter((i) => i.kind === 'score' && i.state === 'rejected' && i.error?.status !== 412);

  const badPoints = rows.flatMap((r) => r.problems.map((p) => ({ ...p, title: r.entry.title })));

  /** Đồng bộ: what the sheet holds goes out, and the server's word comes back (a score it marked stale since). */
  const sync = async () => {
    await collect();
    await outbox.flush({ force: true });
    // Offline, the scores known stay as they were; the outbox says what waits.
    const fresh = await fetchScores(connection, fetch).catch(() => null);
    if (fresh) setServer(fresh);
  };

  const save = async (values: ScoreValues) => {
    const row = byId.get(entry!.id);
    await run('Đang lưu…', async () => {
      if (row) await excel.writeScoreRow(layout, row.row, values);
      const item = sendScore(outbox, entry!.id, entry!.title, values, confirmed.get(entry!.id)?.version ?? 0);
      const total = criteria.reduce((sum, c) => sum + (values.points[c.key] ?? 0), 0);
      setLastSaved({ key: item.key, title: entry!.title, total });
      setRows((await excel.readScoreSheetRows(layout, criteria)) ?? rows);
      void outbox.flush({ force: true });
    });
  };

  return (
    <section className={styles.root} aria-label="Chấm điểm">
      <div className={styles.buttons}>
        <Button appearance="primary" onClick={() => void build()} disabled={Boolean(busy)}>
          {entries ? 'Lập lại phiếu chấm' : 'Lập phiếu chấm'}
        </Button>
        <Button onClick={() => void run('Đang đồng bộ…', sync)} disabled={Boolean(busy) || !entries}>
          Đồng bộ
        </Button>
      </div>
      <WorkStatus busy={busy} problem={problem} />
      {othersSheet && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Phiếu chấm trong sổ tính này do một tài khoản khác lập, nên điểm trong đó không được gửi bằng tài khoản của anh/chị. Bấm “Lập lại phiếu chấm” để lập phiếu của mình (điểm của người kia vẫn chờ gửi khi chính họ kết nối lại).
          </MessageBarBody>
        </MessageBar>
      )}
      {!entries && <Body1>Bấm “Lập phiếu chấm” để lấy các mô hình từ máy chủ vào trang “{SCORE_SHEET}”. Điểm đã nhập trên trang được giữ khi lập lại.</Body1>}
      {entries && (
        <>
          <div className={styles.sticky}>
            <div className={styles.buttons}>
              <Body1Strong role="status">
                {done}/{entries.length} đã chấm
              </Body1Strong>
              <Body1>{scoringDeadlineText(me.round.rubric, now(), organiserWords(me.round).secretariat)}</Body1>
            </div>
            {/* Scores locked (Chốt điểm) or the deadline passed: said before anything is typed, as the server would refuse it. */}
            {closed && (
              <MessageBar intent="warning">
                <MessageBarBody>{closed.message}</MessageBarBody>
              </MessageBar>
            )}
            <ProgressBar value={entries.length ? done / entries.length : 0} aria-label="Tiến độ chấm" />
            {/* Told apart by a sign and a word, not by colour alone. */}
            <Body1 role="status" aria-label="Tình trạng gửi điểm">
              {waiting > 0 ? '⏳' : '✓'} Đang chờ gửi {waiting} · Máy chủ đã nhận {delivered}
              {clashes.length > 0 ? ` · ⚠ Cần chọn ${clashes.length} (sửa ở thiết bị khác)` : ''}
            </Body1>
          </div>
          {changes && <SheetChanges changes={changes} />}
          <BadPoints points={badPoints} onGo={(cell) => void run('Đang chuyển đến ô…', () => excel.selectCell(SCORE_SHEET, cell))} />
          {assigned && (
            <Body1>
              Phân công chấm {assigned.mode === 'by-field' ? 'theo lĩnh vực' : 'chia đều'}: anh/chị chấm {assigned.count} trong {assigned.of} mô hình của đợt.
            </Body1>
          )}
          {ownUnit > 0 && (
            <Body1>
              {ownUnit} mô hình của {me.unit} không có trong phiếu: thành viên hội đồng không chấm mô hình của đơn vị mình.
            </Body1>
          )}
          {clashes.map((c) => (
            <MessageBar key={c.item.key} intent="warning">
              <MessageBarBody>
                <MessageBarTitle>{c.item.label}: đã được sửa ở thiết bị khác</MessageBarTitle>
                Của anh/chị: {criteria.map((k) => c.mine.points[k.key]).join(' / ')}. Trên máy chủ: {criteria.map((k) => c.theirs.points[k.key]).join(' / ')}.
                <div className={styles.buttons}>
                  <Button
                    size="small"
                    onClick={() => {
                      const item = sendScore(outbox, c.entryId, (entries ?? []).find((e) => e.id === c.entryId)?.title ?? c.entryId, c.mine, c.theirs.version);
                      setLastSaved((saved) => (saved?.key === c.item.key ? { ...saved, key: item.key } : saved));
                      void outbox.flush({ force: true });
                    }}
                  >
                    Giữ điểm của tôi
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      void run('Đang cập nhật…', async () => {
                        const row = byId.get(c.entryId);
                        if (row) await excel.writeScoreRow(layout, row.row, c.theirs);
                        outbox.dismiss(c.item.key);
                        setLastSaved((saved) => (saved?.key === c.item.key ? null : saved));
                        setServer((s) => [...s.filter((x) => x.entryId !== c.entryId), { entryId: c.entryId, ...c.theirs, updatedAt: new Date().toISOString() }]);
                        setRows((await excel.readScoreSheetRows(layout, criteria)) ?? rows);
                      })
                    }
                  >
                    Dùng điểm trên máy chủ
                  </Button>
                </div>
              </MessageBarBody>
            </MessageBar>
          ))}
          {refused.map((i) => (
            <MessageBar key={i.key} intent="error">
              <MessageBarBody>
                <MessageBarTitle>{i.label}: máy chủ không nhận</MessageBarTitle>
                {i.error?.message}
                <Button size="small" onClick={() => outbox.dismiss(i.key)}>
                  Đã hiểu
                </Button>
              </MessageBarBody>
            </MessageBar>
          ))}
          <TabList size="small" selectedValue={filter} onTabSelect={(_, d) => setFilter(d.value as Filter)} aria-label="Lọc mô hình">
            <Tab value="all">Tất cả</Tab>
            <Tab value="unscored">Chưa chấm</Tab>
            <Tab value="stale">Cần chấm lại</Tab>
          </TabList>
          {entry ? (
            <RubricCard
              entry={entry}
              criteria={criteria}
              values={byId.get(entry.id) ?? EMPTY}
              stale={confirmed.get(entry.id)?.stale === true}
              position={{ index, total: visible.length }}
              onSave={save}
              onMove={(step) => (setCurrent(visible[index + step]?.id ?? current), setLastSaved(null))}
            />
          ) : (
            <Body1>{filter === 'unscored' ? 'Đã chấm hết các mô hình. Điểm chưa gửi được sẽ tự gửi khi có kết nối.' : filter === 'stale' ? 'Không có mô hình nào cần chấm lại.' : 'Chưa có mô hình nào để chấm.'}</Body1>
          )}
          {lastSaved && (
            <MessageBar intent="success">
              <MessageBarBody role="status" aria-label="Điểm vừa lưu">
                ✓ Đã lưu điểm “{lastSaved.title}”: {lastSaved.total} điểm, {deliveryWords(items.find((i) => i.key === lastSaved.key))}.
              </MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
    </section>
  );
}
