/**
 * @jest-environment node
 *
 * The simulated host refuses a member above its requirement sets as Office.js does (ApiNotFound
 * from the member's getter), the sets read from @types/office-js.
 */
import { readFileSync } from 'node:fs';
import { installExcel, workbookOf } from '../helpers/excel-host';
import { officeApiSets } from '../helpers/office-api-sets';

test('the sets come from @types/office-js', () => {
  const sets = officeApiSets();
  expect(sets.Worksheet).toMatchObject({ pageLayout: 'ExcelApi 1.9', notes: 'ExcelApi 1.18', freezePanes: 'ExcelApi 1.7', name: 'ExcelApi 1.1' });
  expect(sets.Range).toMatchObject({ values: 'ExcelApi 1.1', numberFormat: 'ExcelApi 1.1' });
});

test.each([
  [8, 'ApiNotFound'],
  [9, 'no error'],
])('on an ExcelApi 1.%i host, Worksheet.pageLayout gives %s', async (minor, outcome) => {
  const code = outcome === 'no error' ? null : outcome;
  installExcel(workbookOf({ Trang: [['a']] }), minor);
  const attempt = Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem('Trang');
    sheet.pageLayout.orientation = Excel.PageOrientation.landscape;
    await context.sync();
  });
  if (code) await expect(attempt).rejects.toMatchObject({ code });
  else await expect(attempt).resolves.toBeUndefined();
});

test('Office.context.requirements.isSetSupported answers for the host level', () => {
  installExcel(workbookOf({ Trang: [['a']] }), 8);
  expect(Office.context.requirements.isSetSupported('ExcelApi', '1.8')).toBe(true);
  expect(Office.context.requirements.isSetSupported('ExcelApi', '1.9')).toBe(false);
});

test('the error codes and messages the host throws are the Office.js runtime\'s own', () => {
  // The runtime as Microsoft ships it in @microsoft/office-js (what office.js loads in Excel on Windows).
  const runtime = readFileSync(require.resolve('@microsoft/office-js/dist/excel-win32-16.01.debug.js'), 'utf8');
  expect(runtime).toContain("CoreErrorCodes.apiNotFound = 'ApiNotFound'");
  expect(runtime).toContain("ErrorCodes[\"invalidOperationInCellEditMode\"] = \"InvalidOperationInCellEditMode\"");
  expect(runtime).toContain('Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.');
  expect(runtime).toContain('thisBuilder.throwIfApiNotSupported(typeInfo, propInfo)'); // checked in the getters
  expect(runtime).toContain('isSetSupported("DelayForCellEdit")');
});
