/** Generated report workbooks for benchmarks: the Phụ lục template with realistic entries. */
import ExcelJS from 'exceljs';
import { DEFAULT_FIELDS, TEMPLATE_COLUMNS } from '../core/template';

const WORDS = (
  'người dân hồ sơ thủ tục hành chính bộ phận một cửa phường quận công chức tiếp nhận giải quyết trả kết quả ' +
  'trực tuyến dịch vụ công điện tử số hóa dữ liệu hộ tịch chứng thực khai sinh thường trú kinh doanh thuế ' +
  'đất đai xây dựng trật tự đô thị khu phố tổ dân phố nhà văn hóa thanh niên phụ nữ người cao tuổi khuyết tật ' +
  'mã QR tin nhắn điện thoại zalo cổng thông tin phần mềm bản đồ camera khảo sát hài lòng góp ý phản ánh ' +
  'thời gian chi phí đi lại giảm tăng tỷ lệ đúng hạn trễ hạn ngày tháng năm lượt hồ sơ nộp phối hợp liên thông ' +
  'quy trình nội bộ sổ tay hướng dẫn tập huấn bồi dưỡng đánh giá chấm điểm công vụ tài chính ngân sách thanh toán'
).split(' ');

/** A small seeded generator, so every run writes the same workbooks. */
function random(seed: number): () => number {
  let state = seed * 2654435761 + 1;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    return state / 4294967296;
  };
}

function sentence(next: () => number, words: number): string {
  const picked = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)] as string);
  picked[0] = picked[0]!.charAt(0).toUpperCase() + picked[0]!.slice(1);
  return `${picked.join(' ')}.`;
}

function paragraph(next: () => number, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(next, 8 + Math.floor(next() * 10))).join(' ');
}

/** A report of `count` entries for `unit`, as an .xlsx buffer. */
export async function reportWorkbook(unit: string, count: number, seed = 0): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục');
  ws.getCell('A1').value = 'ỦY BAN NHÂN DÂN QUẬN 3';
  ws.mergeCells('A1:C1');
  ws.getCell('A2').value = unit.toUpperCase();
  ws.mergeCells('A2:C2');
  ws.getCell('A4').value = 'Phụ lục';
  ws.mergeCells('A4:F4');
  ws.getRow(8).values = TEMPLATE_COLUMNS.filter((c) => !c.optional).map((c) => c.header);
  for (let i = 0; i < count; i++) {
    const s = seed + i;
    const next = random(s + 1);
    ws.getRow(9 + i).values = [
      i + 1,
      unit,
      `Mô hình ${s + 1}: ${sentence(next, 6).slice(0, -1)}`,
      DEFAULT_FIELDS[s % DEFAULT_FIELDS.length]!.name,
      [
        `- Thực trạng: ${paragraph(next, 2)}`,
        `- Nội dung: ${paragraph(next, 3)}`,
        `- Hiệu quả: ${paragraph(next, 2)}`,
        `- Tính mới: ${paragraph(next, 1)}`,
      ].join('\n'),
      '',
    ];
  }
  ws.getCell(`B${count + 10}`).value = 'Người lập biểu';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
