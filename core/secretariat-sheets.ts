/**
 * The secretariat's sheets in the workbook: the invitations to print and cut (one block per unit:
 * its name, the account, the token, how to connect), the units that have not reported (for
 * reminders), and units taken from a pasted list. Laid out here, written by addin/excel.
 */
import type { Round } from './round-schema';
import { compareKey, foldKey, toNfc } from './text';

export const INVITATION_SHEET = 'Thư mời tài khoản';
export const NOT_REPORTED_SHEET = 'Chưa gửi báo cáo';

export interface Invitation {
  unit: string;
  name: string;
  token: string;
}

export interface SheetRows {
  rows: string[][];
  boldRows: number[];
  widths: number[];
}

/** One block per account, separated by a blank row to cut along; the token shown once, here. */
export function invitationRows(invitations: ReadonlyArray<Invitation>, round: Pick<Round, 'name'>, serverUrl: string): SheetRows {
  const rows: string[][] = [
    [`Tài khoản nộp báo cáo: ${round.name}`],
    ['Mỗi khung dưới đây dành cho một đơn vị: in ra, cắt theo dòng trống và gửi riêng. Mã truy cập chỉ in một lần; giữ kín như mật khẩu.'],
    [],
  ];
  const boldRows = [0];
  for (const inv of invitations) {
    boldRows.push(rows.length);
    rows.push([inv.unit], ['Tài khoản', inv.name], ['Mã truy cập', inv.token], ['Địa chỉ máy chủ', serverUrl]);
    rows.push(['Cách dùng', `Trong Excel: mở ngăn Phụ lục, vào Cài đặt, nhập địa chỉ máy chủ và mã truy cập, bấm Kiểm tra kết nối. Không dùng được phần bổ trợ: mở ${serverUrl}/nop-bao-cao.html trên trình duyệt và đăng nhập bằng mã này.`]);
    rows.push([]);
  }
  return { rows, boldRows, widths: [120, 420] };
}

export interface UnitProgress {
  unit: string;
  state: 'not-sent' | 'sent' | 'refused';
  at?: string;
  reason?: string;
}

/** The units still to remind: not sent, or refused and not sent again since. */
export function notReportedRows<U extends UnitProgress>(units: ReadonlyArray<U>, round: Pick<Round, 'name'>, describe: (u: U) => string): SheetRows {
  const waiting = units.filter((u) => u.state !== 'sent');
  return {
    rows: [[`Đơn vị chưa gửi báo cáo: ${round.name}`], [`${waiting.length} đơn vị`], [], ['STT', 'Đơn vị', 'Tình trạng'], ...waiting.map((u, i) => [String(i + 1), u.unit, describe(u)])],
    boldRows: [0, 3],
    widths: [40, 220, 420],
  };
}

type UnitKind = Round['units'][number]['kind'];

/** A unit's kind from its name, as a city names them: wards and communes, offices, the rest. */
export function unitKindOf(name: string): UnitKind {
  const key = foldKey(name);
  if (/^(phuong|xa|thi tran|dac khu)\b/.test(key)) return 'phuong';
  if (/^(phong|van phong|thanh tra|so|ban)\b/.test(key)) return 'co-quan-chuyen-mon';
  return 'don-vi-su-nghiep';
}

/**
 * The units of a pasted list (the first non-empty cell of each row; a header row such as "Tên
 * đơn vị" or "STT" is skipped), added to `existing` without repeating one written another way.
 */
export function unitsFromCells(cells: ReadonlyArray<ReadonlyArray<string>>, existing: Round['units']): { units: Round['units']; added: string[] } {
  const known = new Set(existing.map((u) => compareKey(u.name)));
  const added: string[] = [];
  const units = [...existing];
  for (const row of cells) {
    const name = toNfc(row.find((c) => c.trim() !== '' && !/^\d+\.?$/.test(c.trim())) ?? '').trim();
    if (!name || /^(ten don vi|don vi|stt)$/.test(foldKey(name))) continue;
    if (known.has(compareKey(name))) continue;
    known.add(compareKey(name));
    units.push({ name, kind: unitKindOf(name) });
    added.push(name);
  }
  return { units, added };
}
