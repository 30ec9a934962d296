/**
 * Xem thử's grid (issue #28): a sheet with empty rows is drawn (it was blank: the width was NaN),
 * with as many columns as it has, so the score sheet's Tổng and Nhận xét are seen.
 */
import { newSheet, newWorkbook, simulatedExcel } from '../../addin/preview/excel-sim';
import { showSheet } from '../../addin/preview/sheet-view';
import type { PreviewHost } from '../../addin/preview/office-sim';

test('a sheet with empty rows and 15 columns is drawn whole', () => {
  const values: unknown[][] = [];
  values[0] = ['STT', 'Đơn vị', 'Tên'];
  values[4] = Array.from({ length: 15 }, (_, i) => `ô ${i + 1}`); // rows 2–4 never written: holes
  const sim = simulatedExcel(newWorkbook([newSheet('Phiếu chấm', values as never)]));
  const preview: PreviewHost = { host: sim, type: async () => undefined, onChange: () => undefined, activate: () => undefined };
  const root = document.createElement('div');
  showSheet(root, preview);
  const headers = [...root.querySelectorAll('thead th')].map((th) => th.textContent);
  expect(headers.slice(1)).toEqual(Array.from({ length: 15 }, (_, i) => String.fromCharCode(65 + i)));
  expect(root.querySelector('[data-address="O5"]')?.textContent).toBe('ô 15');
  expect(root.querySelector('[data-address="A1"]')?.textContent).toBe('STT');
});
