/**
 * Tài khoản: every account with its last use, a way to revoke it and to issue it a new code
 * (Cấp lại mã); "Tạo tài khoản cho mọi đơn vị" makes an officer account for each unit that has
 * none; every code issued goes on the invitation sheet, row by row (never cleared: a code lost
 * from it cannot be shown again); reviewers are added one by one, with their unit.
 */
import { Body1, Body1Strong, Button, Caption1, Field, Input, MessageBar, MessageBarBody, ProgressBar, Select } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ROLE_NAMES } from '../../core/rounds/roles';
import { INVITATION_SHEET, invitationRows, invitationsOnSheet, mergeInvitations, type Invitation } from '../../core/rounds/secretariat-sheets';
import { vietnameseDate } from '../../core/rounds/submission';
import { createAccount, fetchAccounts, fetchRounds, reissueAccount, revokeAccount, type AdminAccount, type RoundSummary } from '../sync/admin-api';
import type { Round } from '../../core/rounds/round-schema';
import { accountUnit, unitIdOf } from '../../core/rounds/units';
import { ConfirmButton } from './ConfirmButton';
import { TokenShown } from './TokenShown';
import type { AdminProps } from './AdminView';
import { useAdminStyles } from './AdminView';
import { useWork, WorkStatus } from './useWork';


export function AdminAccounts({ excel, connection, me, fetch }: AdminProps) {
  const styles = useAdminStyles();
  const [accounts, setAccounts] = useState<AdminAccount[]>([]);
  const [made, setMade] = useState<{ done: number; total: number } | null>(null);
  const [reviewerName, setReviewerName] = useState('');
  const [reviewerUnit, setReviewerUnit] = useState('');
  /** Who the new account is for: a member of the council, a named officer of a unit, or another admin. */
  const [newRole, setNewRole] = useState<AdminAccount['role']>('reviewer');
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, problem, run } = useWork(() => setNotice(null));
  // Accounts can be made for a draft round's units before it opens: an account holds its unit's id.
  const [rounds, setRounds] = useState<RoundSummary[]>([]);
  const [roundId, setRoundId] = useState<string | null>(null);
  const load = async () => setAccounts(await fetchAccounts(connection, fetch));
  // The rounds once, when the tab opens (each holds its whole unit list); the accounts again after every change.
  useEffect(
    () =>
      void run('Đang tải tài khoản…', async () => {
        await Promise.all([load(), fetchRounds(connection, fetch).then(setRounds)]);
      }),
    [],
  );

  const chosen = rounds.find((r) => r.id === roundId) ?? rounds.find((r) => r.active);
  const round = (chosen?.round as Round | undefined) ?? { ...me.round, units: (me.round.units ?? []) as Round['units'] };
  const units = round.units;
  // A unit has its officer when a live officer account is that unit now (by id: renamed, or merged into it).
  const withOfficer = new Set(
    accounts
      .filter((a) => a.role === 'officer' && !a.revoked)
      .map((a) => accountUnit(round, { unit: a.unit ?? undefined, unitId: a.unitId ?? undefined }))
      .flatMap((u) => (u ? [unitIdOf(u)] : [])),
  );
  const missing = units.filter((u) => !withOfficer.has(unitIdOf(u)));
  const draft = chosen && !chosen.active ? chosen.id : undefined;

  /** Adds `issued` to the invitation sheet, keeping every code already on it. */
  const recordInvitations = async (issued: Invitation[]) => {
    const onSheet = invitationsOnSheet((await excel.readPlainSheet(INVITATION_SHEET)) ?? []);
    await excel.writePlainSheet({ name: INVITATION_SHEET, ...invitationRows(mergeInvitations(onSheet, issued), round, connection.serverUrl) });
  };

  const createForAll = () =>
    run('Đang tạo tài khoản…', async () => {
      const invitations: Invitation[] = [];
      setMade({ done: 0, total: missing.length });
      try {
        for (const unit of missing) {
          // One by one: each token is kept for the sheet as soon as its account exists.
          const { account, token } = await createAccount(connection, { role: 'officer', unit: unit.name, ...(draft ? { round: draft } : {}) }, fetch);
          invitations.push({ unit: unit.name, name: account.name, token, accountId: account.id, at: account.createdAt });
          setMade({ done: invitations.length, total: missing.length });
        }
      } finally {
        if (invitations.length > 0) await recordInvitations(invitations);
        await load();
      }
      setNotice(`Đã tạo ${invitations.length} tài khoản và thêm vào trang “${INVITATION_SHEET}” (các mã đã có trên trang vẫn giữ nguyên): gửi riêng cho từng đơn vị. Mã truy cập chỉ có trên trang này.`);
    });

  const reissue = (a: AdminAccount) =>
    run('Đang cấp lại mã…', async () => {
      const { account, token } = await reissueAccount(connection, a.id, fetch);
      await recordInvitations([{ unit: account.unit ?? '', name: account.name, token, accountId: account.id, at: new Date().toISOString(), reissued: true }]);
      setShown({ name: account.name, token });
      await load();
      setNotice(`Đã cấp mã mới cho “${account.name}”; mã cũ không dùng được nữa. Mã mới đã ghi vào trang “${INVITATION_SHEET}”.`);
    });

  /** What is missing on the form, said before anything is sent. */
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const addReviewer = () => {
    setFormProblem(newRole === 'officer' && !reviewerUnit ? 'Tài khoản cán bộ đầu mối phải thuộc một đơn vị: hãy chọn đơn vị.' : null);
    if (newRole === 'officer' && !reviewerUnit) return;
    return run('Đang tạo tài khoản…', async () => {
      const unit = newRole !== 'admin' && reviewerUnit ? { unit: reviewerUnit, ...(draft ? { round: draft } : {}) } : {};
      const { account, token } = await createAccount(connection, { role: newRole, ...unit, ...(reviewerName.trim() ? { name: reviewerName.trim() } : {}) }, fetch);
      setShown({ name: account.name, token });
      await recordInvitations([{ unit: account.unit ?? '', name: account.name, token, accountId: account.id, at: account.createdAt }]);
      setReviewerName('');
      await load();
    });
  };

  const revoke = (a: AdminAccount) =>
    run('Đang thu hồi…', async () => {
      await revokeAccount(connection, a.id, fetch);
      await load();
      setNotice(`Đã thu hồi mã truy cập của “${a.name}”: mã này không dùng được nữa.`);
    });

  return (
    <>
      {rounds.length > 1 && (
        <Field className={styles.field} label="Đơn vị của đợt" hint="Tạo trước tài khoản cho đợt chưa dùng (bản nháp): mã dùng được từ khi đợt được mở.">
          <Select className={styles.select} value={chosen?.id ?? ''} onChange={(_e, d) => setRoundId(d.value)}>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} {r.active ? '(đang dùng)' : '(chưa dùng)'}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div className={styles.buttons}>
        <Button appearance="primary" onClick={() => void createForAll()} disabled={Boolean(busy) || missing.length === 0}>
          Tạo tài khoản cho mọi đơn vị ({missing.length} đơn vị chưa có)
        </Button>
      </div>
      {made && busy && <ProgressBar value={made.total ? made.done / made.total : 0} aria-label={`Đã tạo ${made.done}/${made.total} tài khoản`} />}
      <WorkStatus busy={busy} problem={problem} />
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <Body1Strong>Thêm tài khoản có tên</Body1Strong>
      <Field label="Loại tài khoản">
        <Select value={newRole} onChange={(_e, d) => setNewRole(d.value as AdminAccount['role'])}>
          <option value="reviewer">Thành viên Hội đồng chấm</option>
          <option value="officer">Cán bộ đầu mối của một đơn vị</option>
          <option value="admin">Quản trị (thư ký đợt báo cáo)</option>
        </Select>
      </Field>
      <Field label="Họ tên">
        <Input value={reviewerName} onChange={(_e, d) => setReviewerName(d.value)} />
      </Field>
      {newRole !== 'admin' && (
        <Field label={newRole === 'officer' ? 'Đơn vị' : 'Đơn vị công tác'} hint={newRole === 'officer' ? 'Cán bộ chỉ gửi và xem báo cáo của đơn vị mình.' : 'Thành viên không chấm mô hình của đơn vị mình.'}>
          <Select className={styles.select} value={reviewerUnit} onChange={(_e, d) => setReviewerUnit(d.value)}>
            <option value="">{newRole === 'officer' ? '(chọn đơn vị)' : '(không thuộc đơn vị nào)'}</option>
            {units.map((u) => (
              <option key={u.name}>{u.name}</option>
            ))}
          </Select>
        </Field>
      )}
      {formProblem && (
        <MessageBar intent="error">
          <MessageBarBody>{formProblem}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button onClick={() => void addReviewer()} disabled={Boolean(busy)}>
          {newRole === 'reviewer' ? 'Thêm thành viên' : 'Thêm tài khoản'}
        </Button>
      </div>
      {shown && <TokenShown name={shown.name} token={shown.token} />}
      <ul className={styles.list} aria-label="Các tài khoản">
        {accounts.map((a) => (
          <li key={a.id}>
            <Body1>
              <b>{a.name}</b> · {ROLE_NAMES[a.role]}
              {a.unit ? ` · ${a.unit}` : ''}
            </Body1>{' '}
            <Caption1>
              {a.revoked ? '✗ Đã thu hồi' : a.lastUsedAt ? `Dùng gần nhất ${vietnameseDate(a.lastUsedAt)}` : 'Chưa dùng'}
            </Caption1>{' '}
            {!a.revoked && a.role !== 'admin' && (
              <>
                <ConfirmButton size="small" disabled={Boolean(busy)} label={`Cấp lại mã cho ${a.name}`} consequence={`Cấp mã mới cho “${a.name}”? Mã đang dùng sẽ không dùng được nữa; mã mới được ghi vào trang “${INVITATION_SHEET}”.`} onConfirm={() => void reissue(a)}>
                  Cấp lại mã
                </ConfirmButton>{' '}
                <ConfirmButton size="small" disabled={Boolean(busy)} label={`Thu hồi ${a.name}`} consequence={`Thu hồi tài khoản “${a.name}”? Mã truy cập của tài khoản này sẽ không dùng được nữa từ lần gửi tiếp theo.`} onConfirm={() => void revoke(a)}>
                  Thu hồi
                </ConfirmButton>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
