/**
 * Every finding's Vietnamese message, in one place so they read alike and can be reviewed together.
 * Each says where and what to do.
 */
import { COLUMN_LABELS, SECTIONS } from './reader/template';
import type { ColumnKey, SectionKey } from './types';

/** One formatter for every message (toLocaleString builds a new one per call: 27 ms of reading a 2,000-entry file). */
const VIETNAMESE_NUMBER = new Intl.NumberFormat('vi-VN');
/** 12345 → "12.345", as Vietnamese writes numbers. */
export const number = (n: number) => VIETNAMESE_NUMBER.format(n);
/** How alike two entries are (0–1), as every message and document says it: 0.834 → "83%". */
export const similarityPercent = (similarity: number) => `${Math.round(similarity * 100)}%`;
const quote = (text: string) => `“${text.length > 80 ? `${text.slice(0, 77)}…` : text}”`;

export const messages = {
  headerNotFound: () =>
    'Không tìm thấy dòng tiêu đề của Phụ lục (STT, Đơn vị thực hiện, Tên mô hình, giải pháp, sáng kiến, Lĩnh vực cải cách hành chính, Mô tả…) trên trang tính nào. Hãy nhập báo cáo vào đúng mẫu Phụ lục.',
  noEntries: (headerRow: number) =>
    `Báo cáo chưa có mô hình, giải pháp nào dưới dòng tiêu đề (dòng ${headerRow}). Mỗi đơn vị phải báo cáo ít nhất một mô hình: nhập từ dòng ${headerRow + 1}.`,
  missingValue: (key: ColumnKey, cell: string, row: number) => {
    const what: Partial<Record<ColumnKey, string>> = {
      unit: 'chưa ghi đơn vị thực hiện',
      title: 'chưa có tên mô hình, giải pháp, sáng kiến',
      field: 'chưa ghi lĩnh vực cải cách hành chính',
    };
    const todo: Partial<Record<ColumnKey, string>> = {
      unit: 'nhập tên phường hoặc cơ quan của anh/chị',
      title: 'nhập tên mô hình',
      field: 'chọn một lĩnh vực trong danh sách của đợt báo cáo',
    };
    return `Dòng ${row} ${what[key] ?? `thiếu ${COLUMN_LABELS[key]}`} (ô ${cell}): ${todo[key] ?? 'nhập nội dung'}.`;
  },
  unknownField: (written: string, cell: string, suggestions: string[]) =>
    `Lĩnh vực ${quote(written)} ở ô ${cell} không có trong danh sách lĩnh vực của đợt báo cáo.` +
    (suggestions.length > 0
      ? ` Có phải là: ${suggestions.map(quote).join(', ')}? Chọn đúng tên lĩnh vực trong danh sách.`
      : ' Chọn đúng tên lĩnh vực trong danh sách.'),
  otherYear: (named: number, year: number) =>
    `Phần đầu báo cáo ghi năm ${named}, nhưng đợt đang nhận báo cáo là năm ${year}. Nếu đây là báo cáo năm trước chọn nhầm, hãy chọn đúng tệp; nếu đúng là báo cáo năm ${year}, hãy sửa năm ở phần đầu.`,
  severalFields: (names: string[], cell: string, filed: string | null) =>
    `Ô ${cell} ghi ${names.length} lĩnh vực (${names.map(quote).join(', ')}); mỗi mô hình chỉ xếp vào một lĩnh vực.` +
    (filed ? ` Đã tạm xếp vào ${quote(filed)}: nếu lĩnh vực chính là lĩnh vực khác, hãy sửa ô này.` : ' Hãy giữ lại lĩnh vực chính.'),
  fieldNormalized: (written: string, cell: string, canonical: string) =>
    `Lĩnh vực ${quote(written)} ở ô ${cell} được hiểu là ${quote(canonical)}. Nên ghi đúng tên trong danh sách: ${quote(canonical)}.`,
  missingSection: (section: SectionKey, cell: string, headingOnly: boolean) => {
    const s = SECTIONS.find((x) => x.key === section) ?? SECTIONS[0]!;
    return headingOnly
      ? `Phần ${s.label} trong ô ${cell} chưa có nội dung: ghi ${s.hint} sau “${s.label}:”.`
      : `Thiếu phần ${s.label} trong ô ${cell}: thêm một dòng bắt đầu bằng “${s.label}:” rồi ghi ${s.hint}.`;
  },
  descriptionNotSplit: (cell: string) =>
    `Mô tả ở ô ${cell} chưa chia thành bốn phần. Tách nội dung thành bốn đoạn, mỗi đoạn bắt đầu bằng tên phần và dấu hai chấm: “Thực trạng: …”, “Nội dung: …”, “Hiệu quả: …”, “Tính mới: …”.`,
  emptyDescription: (cell: string) =>
    `Ô mô tả ${cell} chưa có nội dung: ghi đủ bốn phần Thực trạng, Nội dung, Hiệu quả, Tính mới, mỗi phần bắt đầu bằng tên phần và dấu hai chấm (ví dụ “Thực trạng: …”).`,
  duplicateTitle: (title: string, cell: string, firstRow: number) =>
    `Tên ${quote(title)} ở ô ${cell} trùng với mô hình ở dòng ${firstRow}. Nếu là cùng một mô hình, hãy xóa dòng lặp; nếu là hai mô hình khác nhau, hãy đặt tên phân biệt.`,
  sttMissing: (cell: string, expected: number) => `Ô ${cell} chưa có số thứ tự: ghi số ${expected}.`,
  sttNotNumber: (written: string, cell: string, expected: number) =>
    `Số thứ tự ${quote(written)} ở ô ${cell} không phải là số: ghi số ${expected}.`,
  sttOutOfOrder: (written: string, cell: string, expected: number) =>
    `Số thứ tự ở ô ${cell} là ${written}, theo thứ tự phải là ${expected}.`,
  badPhone: (written: string, cell: string) =>
    `Số điện thoại ${quote(written)} ở ô ${cell} chưa đúng: ghi số di động 10 chữ số bắt đầu bằng 0 (ví dụ 0903 456 789) hoặc số cố định kèm mã vùng (ví dụ 028 3930 1234).`,
  badCategory: (written: string, cell: string) =>
    `Hình thức ${quote(written)} ở ô ${cell} chưa đúng: ghi “Tập thể” (từ hai tác giả trở lên) hoặc “Cá nhân”.`,
  possibleDuplicate: (title: string, otherUnit: string, otherTitle: string, similarity: number) =>
    `Mô hình ${quote(title)} giống mô hình ${quote(otherTitle)} của ${otherUnit} (độ tương đồng ${similarityPercent(similarity)}). Hội đồng nên xem xét trùng lặp.`,
  // The cause is as often the account signed in as the file: both ways out are said.
  wrongUnit: (written: string, cell: string, unit: string) =>
    `Ô ${cell} ghi đơn vị ${quote(written)}, nhưng báo cáo đang được gửi bằng tài khoản của ${unit}. Nếu đây là báo cáo của ${written}: đăng nhập bằng mã của ${written} (Cài đặt → Xóa kết nối trên máy này, rồi nhập mã). Nếu đây là báo cáo của ${unit}: sửa tên đơn vị ở ô ${cell}.`,
  tooLong: (what: string, cell: string, length: number, max: number) =>
    `${what} ở ô ${cell} dài ${number(length)} ký tự, quá giới hạn ${number(max)} ký tự: hãy rút gọn.`,
  tooManyEntries: (count: number, max: number) =>
    `Báo cáo có ${number(count)} mô hình, quá giới hạn ${number(max)} mô hình của một báo cáo: hãy tách thành nhiều báo cáo hoặc bỏ các dòng không phải mô hình.`,
  readStoppedEntries: (max: number, row: number) =>
    `Báo cáo có hơn ${number(max)} mô hình, quá giới hạn của một báo cáo; việc đọc dừng ở dòng ${row}. Hãy tách thành nhiều báo cáo hoặc bỏ các dòng không phải mô hình.`,
  readStoppedChars: (max: number, row: number) =>
    `Nội dung báo cáo dài hơn ${number(max)} ký tự, quá giới hạn của một báo cáo; việc đọc dừng ở dòng ${row}. Hãy rút gọn phần mô tả hoặc bỏ các ô chép lặp lại.`,
  reportTooLarge: (length: number, max: number) =>
    `Toàn bộ nội dung báo cáo dài ${number(length)} ký tự, quá giới hạn ${number(max)} ký tự: hãy rút gọn phần mô tả.`,
  unitNormalized: (written: string, cell: string, canonical: string) =>
    `Đơn vị ${quote(written)} ở ô ${cell} được hiểu là ${quote(canonical)}. Nên ghi đúng tên đơn vị trong danh sách của đợt báo cáo: ${quote(canonical)}.`,
  tablesOnSheet: (sheet: string, count: number) =>
    `Trang tính ${quote(sheet)} có ${count} bảng Phụ lục nối tiếp nhau (mỗi bảng có tiêu đề, dòng tên cột và phần chữ ký riêng); hệ thống đã đọc mô hình của cả ${count} bảng.`,
  hiddenRows: (sheet: string, rows: ReadonlyArray<number>) =>
    `Trang tính ${quote(sheet)} có ${rows.length} dòng đang bị ẩn hoặc bị lọc khỏi bảng (dòng ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? `, và ${rows.length - 10} dòng khác` : ''}); các dòng này không được đọc và không được gửi. Nếu cần gửi, hãy bỏ ẩn (hoặc bỏ lọc) rồi kiểm tra lại.`,
  rowsAfterSignature: (row: number) =>
    `Dòng ${row} nằm dưới phần chữ ký, không thuộc bảng nào nên không được đọc như một mô hình. Nếu đó là mô hình, hãy đưa lên trên phần chữ ký (hoặc thêm dòng tên cột phía trên nó).`,
  unitFromTitle: (unit: string) =>
    `Cột Đơn vị thực hiện để trống ở mọi dòng; hệ thống hiểu các mô hình là của ${quote(unit)} theo tên đơn vị ở đầu báo cáo. Nên ghi tên đơn vị vào cột Đơn vị thực hiện của từng dòng.`,
  legacyEncoding: (encoding: 'tcvn3' | 'vni', sheet: string) =>
    `Trang tính ${quote(sheet)} được gõ bằng bảng mã cũ ${encoding === 'tcvn3' ? 'TCVN3 (ABC, phông .VnTime)' : 'VNI (phông VNI-Times)'}; hệ thống đã đọc và chuyển sang Unicode. Nên chuyển cả tệp sang Unicode (Unikey: Công cụ chuyển mã, bảng mã đích Unicode) rồi lưu lại.`,
  noDiacritics: (what: string, cell: string) =>
    `${what} ở ô ${cell} được gõ không dấu. Văn bản gửi Hội đồng cần viết tiếng Việt có dấu: hãy gõ lại có dấu.`,
  sheetNotRead: (sheet: string, entries: number, read: string) =>
    `Trang tính ${quote(sheet)} cũng có bảng Phụ lục (${entries} mô hình) nhưng không được đọc cùng trang ${quote(read)}. Hãy chép các mô hình vào một trang, hoặc gửi mỗi trang thành một báo cáo riêng.`,
  sheetTruncated: (sheet: string, rows: number, columns: number) =>
    `Trang tính “${sheet}” quá lớn: chỉ đọc ${rows} dòng và ${columns} cột đầu tiên.`,
};

/** Messages for files that cannot be read at all (unreadable-file). */
export const fileMessages = {
  notFound: () => 'Không tìm thấy tệp này. Kiểm tra lại tên và đường dẫn.',
  empty: () => 'Tệp rỗng (0 byte): có thể tệp đính kèm bị lỗi khi tải về. Đề nghị đơn vị gửi lại.',
  tooLarge: (maxMb: number) => `Tệp lớn hơn ${maxMb} MB, quá lớn đối với một báo cáo Phụ lục. Đề nghị đơn vị xóa hình ảnh thừa rồi gửi lại.`,
  notXlsx: () =>
    'Tệp không phải là bảng tính Excel .xlsx (có thể là tệp .xls cũ, .csv hoặc tệp đã bị đổi đuôi). Mở tệp bằng Excel và chọn Lưu thành “Sổ làm việc Excel (*.xlsx)” (Excel Workbook) rồi gửi lại.',
  oldOrEncrypted: () =>
    'Tệp là định dạng Excel cũ (.xls) hoặc đã được đặt mật khẩu nên không đọc được. Mở tệp bằng Excel, bỏ mật khẩu nếu có, chọn Lưu thành “Sổ làm việc Excel (*.xlsx)” (Excel Workbook) rồi gửi lại.',
  // What the file's own streams say it is: the way out differs.
  encrypted: () =>
    'Tệp Excel đã được đặt mật khẩu mở tệp nên hệ thống không đọc được. Mở tệp bằng Excel (nhập mật khẩu), vào Tệp → Thông tin → Bảo vệ Sổ làm việc → Mã hóa bằng Mật khẩu, xóa mật khẩu, lưu lại rồi gửi.',
  oldXls: () =>
    'Tệp là định dạng Excel cũ (.xls, Excel 97–2003). Mở tệp bằng Excel hoặc LibreOffice rồi lưu thành “Sổ làm việc Excel (*.xlsx)” (Excel Workbook) và gửi tệp .xlsx đó.',
  ods: () =>
    'Tệp là bảng tính LibreOffice/OpenOffice (.ods). Trong LibreOffice Calc, chọn Tệp → Lưu thành, ở “Kiểu tệp” chọn “Excel 2007-365 (.xlsx)”, bấm “Dùng định dạng Excel 2007-365!”, rồi gửi tệp .xlsx đó.',
  zipBomb: () =>
    'Tệp có cấu trúc bất thường (dung lượng sau khi giải nén quá lớn hoặc quá nhiều thành phần), có thể là tệp độc hại. Hệ thống không mở tệp này.',
  tooComplex: () =>
    'Tệp quá lớn hoặc quá phức tạp để đọc (vượt giới hạn thời gian hoặc bộ nhớ dành cho một báo cáo). Hãy chép bảng Phụ lục sang một bảng tính mới, chỉ giữ trang báo cáo, rồi gửi lại.',
  overLimit: (what: string) =>
    `Tệp vượt giới hạn của một báo cáo (${what}). Hãy chép bảng Phụ lục sang một bảng tính mới, chỉ giữ trang báo cáo, rồi gửi lại.`,
  ownSummary: () => 'Đây là sổ tổng hợp do Phụ lục lập, không phải báo cáo của một đơn vị.',
  corrupt: () => 'Tệp Excel bị hỏng, không đọc được. Mở thử bằng Excel; nếu mở được, lưu lại thành tệp .xlsx mới rồi gửi lại.',
};
