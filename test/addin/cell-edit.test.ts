/**
 * @jest-environment node
 *
 * Cell-edit mode (issue #12): while the user is still typing in a cell, Excel fails every batch
 * unless it asked for delayForCellEdit on a host with that set. The add-in asks on every run; on
 * an older host the pane says to press Enter, never to reopen the pane.
 */
import { readWorkbookReport } from '../../addin/excel/report';
import { excelFailure } from '../../addin/taskpane/actions';
import { installExcel, workbookOf } from '../helpers/excel-host';

const rows = [
  ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'],
  [1, 'Phường 1', 'Một cửa', 'Cải cách thể chế', '- Thực trạng: a\n- Nội dung: b\n- Hiệu quả: c\n- Tính mới: d', ''],
];

test('without delayForCellEdit a batch in cell-edit mode fails, as Excel does', async () => {
  const host = installExcel(workbookOf({ 'Phụ lục': rows }), 18);
  host.enterCell();
  await expect(
    Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Phụ lục').getRange('A1').load('values');
      await context.sync();
    }),
  ).rejects.toMatchObject({ code: 'InvalidOperationInCellEditMode' });
});

test('with the DelayForCellEdit set, Kiểm tra waits for the user to leave the cell, then reads what they typed', async () => {
  const host = installExcel(workbookOf({ 'Phụ lục': rows }), 18);
  host.enterCell();
  let done = false;
  const reading = readWorkbookReport().then((r) => {
    done = true;
    return r;
  });
  await new Promise((resolve) => setImmediate(resolve));
  expect(done).toBe(false);
  await host.edit('Phụ lục', 'C2', 'Một cửa điện tử');
  host.leaveCell();
  expect((await reading).result.entries.map((e) => e.title)).toEqual(['Một cửa điện tử']);
});

test('on a host without the set (Excel 2019, ExcelApi 1.8) the batch fails and the pane says to press Enter', async () => {
  const host = installExcel(workbookOf({ 'Phụ lục': rows }), 8);
  host.enterCell();
  const error = await readWorkbookReport().catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'InvalidOperationInCellEditMode' });
  const message = excelFailure(error);
  expect(message).toMatch(/đang nhập dở trong một ô.*Enter/);
  expect(message).not.toMatch(/mở lại/);
  host.leaveCell();
  expect((await readWorkbookReport()).result.entries).toHaveLength(1);
});
