/**
 * The secretariat's sheets in the workbook: the invitations to print and cut (one block per unit:
 * its name, the account, the token, how to connect), the units that have not reported (for
 * reminders, with their contacts). Laid out here, written by addin/excel; a pasted list of units
 * is read by ./unit-table.
 */
import { organiserWords } from './organiser';
import type { Round } from './round-schema';
import { fromVnDate, vnDate } from './round-sheet';
import { compareKey } from '../text';

export const INVITATION_SHEET = 'Thư mời tài khoản';
export const NOT_REPORTED_SHEET = 'Chưa gửi báo cáo';

export interface Invitation {
  unit: string;
  name: string;
  token: string;
  /** The account's id: a code issued again for it replaces its row, never another's. */
  accountId?: string;
  /** When the code was issued (ISO); shown as the day. */
  at?: string;
  /** Issued again: the code before it no longer works. */
  reissued?: boolean;
}

export interface SheetRows {
  rows: string[][];
  boldRows: number[];
  widths: number[];
}

const INVITATION_HEADER = ['STT', 'Đơn vị', 'Tài khoản', 'Mã truy cập', 'Ngày cấp', 'Ghi chú', 'Mã tài khoản', 'Thư mời gửi đơn vị (chép nguyên ô vào email hoặc tin nhắn)'];

/** The invitation one unit is sent, whole in one cell: whom it is for, the page, the code, how to use it, who sent it. */
export function invitationLetter(invitation: Pick<Invitation, 'unit' | 'token' | 'reissued'>, round: Pick<Round, 'name' | 'organiser' | 'secretariat'>, serverUrl: string): string {
  const { secretariat } = organiserWords(round);
  return [
    `Kính gửi: ${invitation.unit}`,
    `${secretariat} gửi ${invitation.reissued ? 'mã truy cập mới (mã cũ không dùng được nữa)' : 'tài khoản'} để đơn vị nộp báo cáo ${round.name}.`,
    `- Trang nộp báo cáo: ${serverUrl}/nop-bao-cao.html`,
    `- Mã truy cập: ${invitation.token}`,
    `Mã dùng như mật khẩu, chỉ gửi riêng cho cán bộ đầu mối của đơn vị. Trong Excel có phần bổ trợ Phụ lục: vào Cài đặt, nhập địa chỉ ${serverUrl} và mã trên, bấm Kiểm tra kết nối.`,
  ].join('\n');
}
const HEADER_ROW = 4;

/**
 * The codes already on the invitation sheet, whatever its layout: the table this module writes
 * now (one row per account), or the blocks of earlier versions (unit, Tài khoản, Mã truy cập).
 */
export function invitationsOnSheet(rows: ReadonlyArray<ReadonlyArray<string>>): Invitation[] {
  const found: Invitation[] = [];
  const header = rows.findIndex((r) => r[1] === 'Đơn vị' && r[3] === 'Mã truy cập');
  if (header >= 0) {
    for (const r of rows.slice(header + 1)) {
      const [, unit = '', name = '', token = '', at = '', note = '', accountId = ''] = r;
      if (!token) continue;
      found.push({ unit, name, token, ...(accountId ? { accountId } : {}), ...(fromVnDate(at, '00:00') ? { at: fromVnDate(at, '00:00')! } : {}), ...(note.startsWith('Cấp lại') ? { reissued: true } : {}) });
    }
    return found;
  }
  for (let i = 1; i + 1 < rows.length; i++) {
    if (rows[i]?.[0] === 'Tài khoản' && rows[i + 1]?.[0] === 'Mã truy cập' && rows[i + 1]?.[1]) {
      found.push({ unit: rows[i - 1]?.[0] ?? '', name: rows[i]?.[1] ?? '', token: rows[i + 1]?.[1] ?? '' });
    }
  }
  return found;
}

/**
 * The invitation sheet after `added` codes were issued: every code already on it kept, a code
 * issued again for an account replacing that account's row (and only it), new ones added. The
 * sheet is never cleared: a code lost from it cannot be shown again.
 */
export function mergeInvitations(onSheet: ReadonlyArray<Invitation>, added: ReadonlyArray<Invitation>): Invitation[] {
  const merged = [...onSheet];
  const same = (a: Invitation, b: Invitation) => (a.accountId && b.accountId ? a.accountId === b.accountId : compareKey(a.unit) === compareKey(b.unit) && compareKey(a.name) === compareKey(b.name));
  for (const inv of added) {
    const at = merged.findIndex((m) => same(m, inv));
    if (at >= 0) merged[at] = inv;
    else merged.push(inv);
  }
  return merged;
}

/** One row per account (to print, or to mail merge one letter per unit); the token shown once, here. */
export function invitationRows(invitations: ReadonlyArray<Invitation>, round: Pick<Round, 'name' | 'organiser' | 'secretariat'>, serverUrl: string): SheetRows {
  const rows: string[][] = [
    [`Tài khoản nộp báo cáo: ${round.name}`],
    [
      `Mỗi dòng dành cho một đơn vị: gửi riêng mã của đơn vị đó; giữ kín như mật khẩu. Cách dùng: trong Excel, mở ngăn Phụ lục, vào Cài đặt, nhập địa chỉ máy chủ và mã truy cập, bấm Kiểm tra kết nối; không dùng được phần bổ trợ thì mở ${serverUrl}/nop-bao-cao.html trên trình duyệt và đăng nhập bằng mã này.`,
    ],
    ['Địa chỉ máy chủ', serverUrl],
    [],
    INVITATION_HEADER,
    ...invitations.map((inv, i) => [String(i + 1), inv.unit, inv.name, inv.token, inv.at ? vnDate(inv.at) : '', inv.reissued ? 'Cấp lại: mã cũ không dùng được nữa' : '', inv.accountId ?? '', invitationLetter(inv, round, serverUrl)]),
  ];
  return { rows, boldRows: [0, HEADER_ROW], widths: [30, 150, 170, 300, 70, 150, 0, 420] };
}

export interface UnitContact {
  person?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

export interface UnitProgress {
  unit: string;
  state: 'not-sent' | 'sent' | 'refused';
  at?: string | undefined;
  reason?: string | undefined;
  contact?: UnitContact | undefined;
}

/** A unit's contact in one line ("Nguyễn Thị Lan · 0912 345 678 · lan@…"), empty when the round has none. */
export function contactText(contact: UnitContact | undefined): string {
  return [contact?.person, contact?.phone, contact?.email].filter((t) => t && t.trim() !== '').join(' · ');
}

/** The units still to remind, one per line with their contact, tab-separated: pasted into a sheet, each goes in its column. */
export function reminderLines(units: ReadonlyArray<UnitProgress>): string {
  return units.map((u) => [u.unit, u.contact?.person ?? '', u.contact?.phone ?? '', u.contact?.email ?? ''].join('\t').replace(/\t+$/, '')).join('\n');
}

/** The units still to remind: not sent, or refused and not sent again since, with their contacts. */
export function notReportedRows<U extends UnitProgress>(units: ReadonlyArray<U>, round: Pick<Round, 'name'>, describe: (u: U) => string): SheetRows {
  const waiting = units.filter((u) => u.state !== 'sent');
  return {
    rows: [
      [`Đơn vị chưa gửi báo cáo: ${round.name}`],
      [`${waiting.length} đơn vị`],
      [],
      ['STT', 'Đơn vị', 'Tình trạng', 'Người liên hệ', 'Điện thoại', 'Thư điện tử'],
      ...waiting.map((u, i) => [String(i + 1), u.unit, describe(u), u.contact?.person ?? '', u.contact?.phone ?? '', u.contact?.email ?? '']),
    ],
    boldRows: [0, 3],
    widths: [40, 220, 420, 180, 120, 200],
  };
}
