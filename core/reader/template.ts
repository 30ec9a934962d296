/**
 * The Phụ lục template (DESIGN §2): its columns with the header spellings met in practice,
 * the four description headings with their synonyms, and the default field list.
 */
import { own } from '../records';
import type { ColumnKey, SectionKey } from '../types';
import { foldKey } from '../text';

/** Columns in the order the template prints them, with the header text as printed. */
export const TEMPLATE_COLUMNS: ReadonlyArray<{ key: ColumnKey; header: string; optional?: boolean }> = [
  { key: 'stt', header: 'STT' },
  { key: 'unit', header: 'Đơn vị thực hiện' },
  { key: 'title', header: 'Tên mô hình, giải pháp, sáng kiến' },
  { key: 'field', header: 'Lĩnh vực cải cách hành chính' },
  { key: 'description', header: 'Mô tả về công trình/ giải pháp/ đề tài' },
  { key: 'note', header: 'Ghi chú' },
  { key: 'authors', header: 'Tác giả', optional: true },
  { key: 'phone', header: 'Số điện thoại', optional: true },
  { key: 'category', header: 'Hình thức', optional: true },
];

export const COLUMN_LABELS: Record<ColumnKey, string> = {
  stt: 'STT',
  unit: 'Đơn vị thực hiện',
  title: 'Tên mô hình, giải pháp, sáng kiến',
  field: 'Lĩnh vực cải cách hành chính',
  description: 'Mô tả',
  note: 'Ghi chú',
  authors: 'Tác giả',
  phone: 'Số điện thoại',
  category: 'Hình thức',
};

/** The four parts of a description: the heading as printed, and the folded synonyms officers write. */
export const SECTIONS: ReadonlyArray<{ key: SectionKey; label: string; hint: string; synonyms: string[] }> = [
  {
    key: 'thucTrang',
    label: 'Thực trạng',
    hint: 'tình hình trước khi áp dụng giải pháp',
    synonyms: [
      'thuc trang',
      'thuc trang su can thiet',
      'thuc trang va su can thiet',
      'su can thiet',
      'tinh cap thiet',
      'tinh hinh thuc te',
      'thuc trang tinh hinh',
      'boi canh',
      'ly do thuc hien',
    ],
  },
  {
    key: 'noiDung',
    label: 'Nội dung',
    hint: 'những việc đã làm, cách thực hiện',
    synonyms: [
      'noi dung',
      'noi dung giai phap',
      'noi dung mo hinh',
      'noi dung sang kien',
      'noi dung thuc hien',
      'noi dung cach lam',
      'giai phap thuc hien',
      'cach thuc thuc hien',
      'noi dung cach thuc thuc hien',
      'noi dung va cach thuc thuc hien',
      'noi dung giai phap cach thuc thuc hien',
      'cach thuc trien khai',
      'qua trinh thuc hien',
      'to chuc thuc hien',
      'bien phap thuc hien',
    ],
  },
  {
    key: 'hieuQua',
    label: 'Hiệu quả',
    hint: 'kết quả đo được, có số liệu cụ thể',
    synonyms: [
      'hieu qua',
      'hieu qua dat duoc',
      'hieu qua mang lai',
      'hieu qua ket qua dat duoc',
      'ket qua dat duoc',
      'ket qua hieu qua',
      'ket qua',
      'ket qua thuc hien',
      'tinh hieu qua',
      'hieu qua thuc te',
    ],
  },
  {
    key: 'tinhMoi',
    label: 'Tính mới',
    hint: 'điểm mới, sáng tạo so với cách làm trước',
    synonyms: [
      'tinh moi',
      'tinh moi tinh sang tao',
      'tinh moi va tinh sang tao',
      'tinh moi va sang tao',
      'tinh moi sang tao',
      'tinh sang tao',
      'diem moi',
      'diem moi sang tao',
      'diem moi va sang tao',
      'diem moi noi bat',
      'tinh moi diem moi',
    ],
  },
];

export const SECTION_LABELS: Record<SectionKey, string> = {
  thucTrang: 'Thực trạng',
  noiDung: 'Nội dung',
  hieuQua: 'Hiệu quả',
  tinhMoi: 'Tính mới',
};

/** Abbreviations officers use, expanded inside folded keys before matching. */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  cchc: 'cai cach hanh chinh',
  tthc: 'thu tuc hanh chinh',
  hcnn: 'hanh chinh nha nuoc',
  cqdt: 'chinh quyen dien tu',
  cqs: 'chinh quyen so',
  // "CĐS": digital transformation, its own programme since 2022, filed under the digital-government field.
  cds: 'chuyen doi so',
  cntt: 'cong nghe thong tin',
  ubnd: 'uy ban nhan dan',
  hdnd: 'hoi dong nhan dan',
};

/** Folded key with abbreviations expanded: `Cải cách TTHC` → `cai cach thu tuc hanh chinh`. */
export function expandedKey(text: string): string {
  return foldKey(text)
    .split(' ')
    .map((word) => own(ABBREVIATIONS, word) ?? word)
    .join(' ');
}

/** Words a form's question goes on with after a part's name: "… của mô hình", "… đạt được", "… so với cách làm cũ". */
const QUESTION_GOES_ON = new Set(['cua', 'mo', 'giai', 'sang', 'dat', 'so', 'thuc', 'cu', 'nhu', 'khi', 'trong', 'doi', 've', 'tai', 'va']);

/** Header cells are short; a longer cell (a description) is never one, and is not folded at all. */
const MAX_HEADER_LENGTH = 120;

/** Which template column (or description part column) a header cell names, if any. */
export function classifyHeader(text: string): ColumnKey | SectionKey | null {
  if (text.length > MAX_HEADER_LENGTH) return null;
  // A form's question carries a hint: "Hiệu quả đạt được (nêu số liệu cụ thể)", "Thực trạng?".
  const key = expandedKey(text.replace(/\([^)]*\)/g, ' ').replace(/[?:*\s]+$/u, ''));
  if (!key) return null;
  if (key === 'stt' || key === 'tt' || key === 'so tt' || key === 'so thu tu') return 'stt';
  if (key.startsWith('ten ') && /\b(mo hinh|giai phap|sang kien|cach lam|de tai)\b/.test(key)) return 'title';
  if (key.startsWith('linh vuc') || key.startsWith('thuoc linh vuc')) return 'field';
  // Older and home-made headers: "Tóm tắt nội dung giải pháp", "Nội dung tóm tắt", "Thuyết minh".
  if (key.startsWith('mo ta') || /^(tom tat|noi dung tom tat|thuyet minh)\b/.test(key)) return 'description';
  if (key.startsWith('ghi chu')) return 'note';
  if (key.startsWith('don vi') || key === 'ten don vi' || key.startsWith('co quan don vi')) return 'unit';
  if (/^(ho (va )?ten )?(nhom )?tac gia\b/.test(key)) return 'authors';
  if (/\bdien thoai\b/.test(key)) return 'phone';
  if (key.startsWith('hinh thuc') || key === 'ca nhan tap the' || key === 'tap the ca nhan') return 'category';
  for (const section of SECTIONS) if (section.synonyms.includes(key)) return section.key;
  // A form's longer question starting with a part's name of two words or more and going on as a
  // question does ("Tính mới, sáng tạo của mô hình"): one line, no sentence, the next word one that
  // qualifies the part. A note such as "thực trạng người dân…" under a header is never a header.
  if (!/[\n.;]/.test(text)) {
    for (const section of SECTIONS) {
      for (const synonym of section.synonyms) {
        if (!synonym.includes(' ') || !key.startsWith(`${synonym} `)) continue;
        if (QUESTION_GOES_ON.has(key.slice(synonym.length + 1).split(' ')[0]!)) return section.key;
      }
    }
  }
  return null;
}

/** A field of a round: its canonical name, and other names officers use for it (folded). */
export interface FieldDefinition {
  name: string;
  aliases?: string[];
}

/** The reform fields of Quận 3's 2024 round (DESIGN §2), the default list. */
export const DEFAULT_FIELDS: ReadonlyArray<FieldDefinition> = [
  { name: 'Công tác chỉ đạo, điều hành cải cách hành chính', aliases: ['chi dao dieu hanh'] },
  { name: 'Cải cách thể chế', aliases: ['the che'] },
  { name: 'Cải cách thủ tục hành chính', aliases: ['thu tuc hanh chinh'] },
  { name: 'Cải cách tổ chức bộ máy hành chính nhà nước', aliases: ['to chuc bo may'] },
  { name: 'Cải cách chế độ công vụ', aliases: ['che do cong vu', 'cong vu'] },
  { name: 'Cải cách tài chính công', aliases: ['tai chinh cong'] },
  {
    name: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
    aliases: ['chinh quyen dien tu', 'chinh quyen so', 'chuyen doi so'],
  },
  { name: 'Công tác thông tin, tuyên truyền về cải cách hành chính', aliases: ['thong tin tuyen truyen', 'tuyen truyen'] },
];
