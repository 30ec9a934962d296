/**
 * Rows under a report's header that are not entries, as real ward and office files have them
 * (DESIGN §2): the row of column numbers, a totals row, the signature block, and group rows that
 * name the field of the entries below them.
 */
import { matchField } from './fields';
import type { FieldDefinition } from './template';
import { foldKey } from '../text';
import type { CellValue, ColumnKey } from '../types';

/** Folded openings of the signature block and contact lines under the table. */
const SIGNATURE =
  /^(nguoi lap|nguoi tong hop|nguoi ky|thu truong|lanh dao|kt |tm |tl |chu tich|pho chu tich|nguoi lien he|noi nhan|xac nhan|ky ten|ky ghi ro|ky va ghi ro|ky dong dau|ky ten dong dau|ghi ro ho ten|giam doc|pho giam doc|truong phong|pho truong phong|chanh van phong)\b/;
const SIGNATURE_MAX_LENGTH = 160;
/** "TP. Hồ Chí Minh, ngày 15 tháng 10 năm 2025", also with the day and month left blank. */
const DATE_LINE = /\bngay(?: \d{1,2})? thang(?: \d{1,2})? nam(?: \d{4})?\b/;

const signedText = (v: CellValue): boolean => {
  if (typeof v !== 'string' || v.length > SIGNATURE_MAX_LENGTH) return false;
  const key = foldKey(v);
  return key !== '' && (SIGNATURE.test(key) || DATE_LINE.test(key));
};

export function isSignatureRow(row: ReadonlyArray<CellValue>, values: Partial<Record<ColumnKey, string>>): boolean {
  if (/^\d+\.?$/.test(values.stt ?? '')) return false;
  // A signature block often starts in the Lĩnh vực column (the date line, "TM. ỦY BAN NHÂN DÂN"
  // merged across D:F): a field that reads as one, with no title or description beside it, is one.
  if (values.field && !(signedText(values.field) && !values.title && !values.description)) return false;
  return row.some(signedText);
}

/** "Hình 1. …", "Ảnh 2: …" (folded: "hinh 1 …"): a caption typed under a pasted photo, alone on its row; never an entry. */
const CAPTION = /^(?:hinh anh|hinh|anh) \d+(?: |$)/;

export function isCaptionRow(values: Partial<Record<ColumnKey, string>>, parts: Partial<Record<string, string>>): boolean {
  const texts = [...Object.values(values), ...Object.values(parts)].filter((t): t is string => Boolean(t));
  return texts.length === 1 && CAPTION.test(foldKey(texts[0]!));
}

/** The row of column numbers printed under a header: `(1) (2) (3) …` or `1 2 3 …`. */
export function isColumnNumberRow(row: ReadonlyArray<CellValue>): boolean {
  let numbers = 0;
  for (const v of row) {
    if (v === '' || v === null || v === undefined) continue;
    const text = String(v).trim();
    if (text === '') continue;
    if (!/^\(?\d{1,2}\)?\.?$/.test(text) && !/^\(\d{1,2}\)\s*[=+*/-].*$/.test(text)) return false;
    numbers++;
  }
  return numbers >= 3;
}

/** "Tổng cộng: 03 mô hình", "Tổng số: 5", "Cộng" in the first text cell of an entry's columns. */
export function isTotalsRow(values: Partial<Record<ColumnKey, string>>): boolean {
  const first = values.stt || values.unit || values.title || '';
  if (!/^[TtCc]/.test(first)) return false; // most rows: no fold needed
  return /^(tong cong|tong so|cong)\b/.test(foldKey(first)) && !values.field && (values.description ?? '').length < 200;
}

/** A Roman numeral (or capital letter) numbering a group: `I`, `II.`, `B)`. */
const GROUP_NUMBER = /^(?:[IVX]{1,5}|[A-E])[.)]?$/;
const GROUP_PREFIX = /^(?:[IVX]{1,5}|[A-E])[.)]\s+/;

export interface GroupRow {
  /** The round's field the group names; its text as written after `Lĩnh vực`; null for a group by something else. */
  field: string | null;
}

/**
 * A row that groups the entries under it (`I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH`, `II | Lĩnh vực 5: …`):
 * a Roman numeral in the STT column, or one short text alone on its row that is numbered, names
 * a field, or spans the table (merged across). The field it names, if any, is the entries'.
 */
export function groupRow(
  row: ReadonlyArray<CellValue>,
  stt: number | undefined,
  fields: ReadonlyArray<FieldDefinition>,
  mergedAcross: (column: number) => boolean,
): GroupRow | null {
  const texts: Array<{ column: number; text: string }> = [];
  row.forEach((v, column) => {
    const text = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
    if (text) texts.push({ column, text });
  });
  if (texts.length === 0 || texts.length > 2) return null;
  const inStt = texts.length === 2 && texts[0]!.column === stt;
  const { column, text } = texts[texts.length - 1]!;
  if (text.length > 200) return null;
  const name = text.replace(GROUP_PREFIX, '');
  const folded = foldKey(name);
  const match = matchField(name, fields);
  const known = match.kind === 'exact' || match.kind === 'normalized';
  // A Roman numeral or a letter numbers a group; so does an Arabic one beside a field's own name
  // alone on its row ("1 | Cải cách thủ tục hành chính", entries "1.1", "1.2" under it).
  const numbered = inStt && (GROUP_NUMBER.test(texts[0]!.text) || (/^\d{1,2}\.?$/.test(texts[0]!.text) && known));
  if (texts.length === 2 && !numbered) return null;
  const isGroup = numbered || known || name !== text || folded.startsWith('linh vuc') || mergedAcross(column);
  if (!isGroup || /^\d+\.?$/.test(text)) return null;
  if (known) return { field: match.name };
  return { field: folded.startsWith('linh vuc') ? name : null };
}
