/**
 * @jest-environment node
 *
 * Marks follow their entries (issue #12): the officer sorts the sheet after a check (Excel moves
 * fills with their rows), fixes the entry, checks again: the mark goes from where the entry is
 * now, and a colour the officer gave another entry's cell is left alone.
 */
import { markFindings, reportAnchors } from '../../addin/excel/marks';
import { readWorkbookReport } from '../../addin/excel/report';
import { installExcel, workbookOf } from '../helpers/excel-host';

const HEADER = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
const FULL = '- Thực trạng: a\n- Nội dung: b\n- Hiệu quả: c\n- Tính mới: d';
const NO_NOVELTY = '- Thực trạng: a\n- Nội dung: b\n- Hiệu quả: c';
const GREEN = '#C6EFCE';

async function check(): Promise<void> {
  const read = await readWorkbookReport();
  await markFindings(read.result.sheet!, read.result.issues, reportAnchors(read.result.entries, read.ids));
}

test('after a sort, the fixed entry loses its mark where it is now; the other entry keeps its own colour', async () => {
  const host = installExcel(
    workbookOf({
      'Phụ lục': [HEADER, [1, 'Phường 1', 'Bản đồ số', 'Cải cách thể chế', NO_NOVELTY, ''], [2, 'Phường 1', 'Ứng dụng hẹn giờ', 'Cải cách thể chế', FULL, '']],
    }),
  );
  const sheet = host.workbook.sheets[0]!;
  sheet.fills.set('E3', GREEN); // the officer's own colour on the second entry
  await check();
  expect(sheet.fills.get('E2')).not.toBeUndefined(); // Bản đồ số: no Tính mới

  // Sorted by title, descending: the two rows change places, their fills with them (as Excel sorts).
  [sheet.values[1], sheet.values[2]] = [sheet.values[2]!, sheet.values[1]!];
  const [e2, e3] = [sheet.fills.get('E2'), sheet.fills.get('E3')];
  sheet.fills.set('E2', e3!);
  sheet.fills.set('E3', e2!);
  sheet.values[2]![4] = FULL; // Bản đồ số, now on row 3, fixed

  await check();
  expect(sheet.fills.get('E3')).toBeUndefined(); // the fixed entry's mark is gone
  expect(sheet.fills.get('E2')).toBe(GREEN); // the other entry's colour is as the officer left it
});
