/** A Phụ lục report workbook made with ExcelJS from entries, as a unit would send it. */
import ExcelJS from 'exceljs';
import type { IncomingEntry } from '../../core/rounds/submission';

export async function reportWorkbook(unit: string, entries: ReadonlyArray<IncomingEntry>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục');
  ws.getCell('A1').value = unit.toUpperCase();
  ws.getCell('A3').value = 'PHỤ LỤC';
  ws.getRow(8).values = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
  entries.forEach((e, i) => {
    const s = e.sections;
    const description = `- Thực trạng: ${s.thucTrang ?? ''}\n- Nội dung: ${s.noiDung ?? ''}\n- Hiệu quả: ${s.hieuQua ?? ''}\n- Tính mới: ${s.tinhMoi ?? ''}`;
    ws.getRow(9 + i).values = [e.stt, e.unit, e.title, e.field, description, e.note];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
