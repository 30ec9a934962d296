/** Generated report workbooks for benchmarks: the Phụ lục template with realistic entries. */
import ExcelJS from 'exceljs';
import { DEFAULT_FIELDS, TEMPLATE_COLUMNS } from '../core/template';

const SENTENCES = [
  'Người dân phải đi lại nhiều lần để bổ sung hồ sơ do chưa nắm rõ thành phần hồ sơ',
  'Bố trí công chức đầu mối tiếp nhận và trình ký ngay tại quầy của Bộ phận một cửa',
  'Thời gian giải quyết giảm từ 7 ngày xuống còn 3 ngày, 100% hồ sơ trả đúng hạn',
  'Lần đầu áp dụng cơ chế phối hợp liên thông giữa các bộ phận trên địa bàn phường',
  'Tỷ lệ hồ sơ nộp trực tuyến tăng từ 35% lên 71% sau 5 tháng triển khai thực hiện',
  'Huy động đoàn viên thanh niên hỗ trợ người cao tuổi sử dụng dịch vụ công trực tuyến',
];

function paragraph(seed: number, sentences: number): string {
  return Array.from({ length: sentences }, (_, i) => SENTENCES[(seed + i * 7) % SENTENCES.length]).join('. ') + '.';
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
    ws.getRow(9 + i).values = [
      i + 1,
      unit,
      `Mô hình ${s + 1}: ${SENTENCES[s % SENTENCES.length]!.slice(0, 40)}`,
      DEFAULT_FIELDS[s % DEFAULT_FIELDS.length]!.name,
      [
        `- Thực trạng: ${paragraph(s, 2)}`,
        `- Nội dung: ${paragraph(s + 1, 3)}`,
        `- Hiệu quả: ${paragraph(s + 2, 2)}`,
        `- Tính mới: ${paragraph(s + 3, 1)}`,
      ].join('\n'),
      '',
    ];
  }
  ws.getCell(`B${count + 10}`).value = 'Người lập biểu';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
