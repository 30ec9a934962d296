/** Generated report workbooks for benchmarks: the Phụ lục template with realistic entries (bench/markov.ts). */
import ExcelJS from 'exceljs';
import { DEFAULT_FIELDS, TEMPLATE_COLUMNS } from '../core/reader/template';
import { markovDescription, markovTitle, random } from './markov';

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
    const parts = markovDescription(next);
    ws.getRow(9 + i).values = [
      i + 1,
      unit,
      `Mô hình ${s + 1}: ${markovTitle(next)}`,
      DEFAULT_FIELDS[s % DEFAULT_FIELDS.length]!.name,
      [`- Thực trạng: ${parts.thucTrang}`, `- Nội dung: ${parts.noiDung}`, `- Hiệu quả: ${parts.hieuQua}`, `- Tính mới: ${parts.tinhMoi}`].join('\n'),
      '',
    ];
  }
  ws.getCell(`B${count + 10}`).value = 'Người lập biểu';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
