/**
 * The add-in's door to the consolidation, over office-addin-mock: the sheets it writes hold the
 * same rows as the server's and the command line's workbook, and the number of syncs follows the
 * bytes (blocks under 5 MB), not the rows.
 */
import { consolidate } from '../../core/consolidation/consolidate';
import { demoRound } from '../../core/rounds/round';
import { summaryTables } from '../../core/consolidation/summary-sheets';
import { displayRows, sheetLayout } from '../../core/consolidation/sheet-layout';
import { writeSummarySheets } from '../../addin/excel/summary';
import { installExcel, SUITE_API_MINOR, workbookOf } from '../helpers/excel-host';
import { cellKey } from '../../addin/preview/sim/addresses';
import { manyReports } from '../helpers/reports';

describe('writing the summary sheets through Office.js', () => {
  test('the sheets hold the tables of core/consolidation/summary-sheets: headers, every row, empty cells as ""', async () => {
    const round = demoRound();
    const tables = summaryTables(round, consolidate(round, manyReports(3, 2)));
    const host = installExcel();
    await writeSummarySheets(tables);
    expect(host.workbook.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Tổng hợp', 'Danh sách xếp hạng', 'Theo lĩnh vực', 'Theo đơn vị', 'Phân bố điểm', 'Chưa nộp', 'Trùng lặp', 'Giải thưởng']);
    for (const t of tables) {
      const grid = host.grid(t.sheet);
      const at = sheetLayout(t);
      // The title block: the organiser, what the sheet is (provisional: nothing is scored), the round, the date made;
      // a signed sheet's is Nghị định 30's heading, then its title.
      if (t.letterhead) expect([grid[0]![0], grid[1]![0], grid[3]![0], grid[4]![0]]).toEqual(['ỦY BAN NHÂN DÂN QUẬN 3', 'PHÒNG NỘI VỤ', expect.stringMatching(/ NĂM 2024 \(TẠM TÍNH\)$/), round.name]);
      else expect(grid.slice(0, 4).map((r) => r[0])).toEqual(['UBND QUẬN 3', expect.stringMatching(/ \(TẠM TÍNH\)$/), round.name, expect.stringMatching(/^Lập ngày \d{2}\/\d{2}\/\d{4}$/)]);
      expect(grid[at.header]!.slice(0, t.headers.length)).toEqual(t.headers);
      const rows = displayRows(t);
      expect(grid.slice(at.firstRow, at.firstRow + rows.length).map((r) => r.slice(0, t.headers.length))).toEqual(rows.map((r) => r.map((v) => (v === null ? '' : v))));
      const sheet = host.workbook.sheets.find((s) => s.name === t.sheet)!;
      expect(sheet.frozenRows).toBe(at.header + 1);
      expect(sheet.tables).toEqual([{ address: `A${at.header + 1}:${String.fromCharCode(64 + t.headers.length)}${at.header + rows.length + 1}`, name: t.table }]);
      if (SUITE_API_MINOR >= 9) expect(sheet.pageLayout.printTitleRows).toBe(`$${at.header + 1}:$${at.header + 1}`);
    }
    // The sheets a council signs end with who signs: the one who made it and the head of the office, under the place and date.
    for (const name of ['Danh sách xếp hạng', 'Giải thưởng']) {
      const cells = host.grid(name).slice(-8).flat();
      expect(cells).toEqual(expect.arrayContaining(['NGƯỜI LẬP BIỂU', '(Ký, ghi rõ họ tên)', 'TRƯỞNG PHÒNG', '(Ký tên, đóng dấu)', expect.stringMatching(/^Quận 3, ngày \d{2} tháng \d{2} năm \d{4}$/)]));
      // Formatted cell by cell: Times New Roman, the header bold on grey, borders inside and out, A4 at the plan's scale, numbered pages.
      const t = tables.find((x) => x.sheet === name)!;
      const at = sheetLayout(t);
      const sheet = host.workbook.sheets.find((x) => x.name === name)!;
      const tableAddress = `A${at.header + 1}:${String.fromCharCode(64 + t.headers.length)}${at.header + displayRows(t).length + (t.footer ? 1 : 0) + 1}`;
      expect(sheet.formats.get(tableAddress)).toMatchObject({ 'font.name': 'Times New Roman', 'font.size': at.print!.font.size, 'border.InsideHorizontal.style': 'Continuous', 'border.EdgeLeft.style': 'Continuous' });
      expect(sheet.fills.get(cellKey(at.header, 0))).toBe('#D9D9D9');
      if (SUITE_API_MINOR >= 9) expect(sheet.pageLayout).toMatchObject({ paperSize: 'A4', zoom: { scale: at.print!.scale }, centerFooter: expect.stringContaining('Trang &P/&N') });
    }
    expect(host.grid('Theo lĩnh vực').flat()).not.toContain('NGƯỜI LẬP BIỂU');
    expect(host.grid('Tổng hợp').flat()).not.toContain('NGƯỜI LẬP BIỂU');
    // Native bar charts beside the tables of fields, units and the score distribution: the table's first two columns, header included.
    const chartOf = (name: string) => host.workbook.sheets.find((x) => x.name === name)!.charts;
    expect(chartOf('Theo lĩnh vực')).toEqual([{ type: 'BarClustered', source: `A6:B${6 + round.fields.length}`, seriesBy: 'Columns', title: 'Số mô hình theo lĩnh vực', position: { start: 'E6', end: 'M22' }, legend: false, showValue: true }]);
    expect(chartOf('Theo đơn vị')[0]).toMatchObject({ source: `A6:B${6 + round.units.length}`, title: 'Số mô hình theo đơn vị' });
    expect(chartOf('Phân bố điểm')[0]).toMatchObject({ source: 'A6:B16', title: 'Phân bố tổng điểm trung bình' });
    expect(chartOf('Tổng hợp')).toEqual([]);
    // Money with thousands separators; technical columns explained on their header (notes from ExcelApi 1.18).
    const prizes = host.workbook.sheets.find((x) => x.name === 'Giải thưởng')!;
    expect(prizes.numberFormats.get(cellKey(sheetLayout(tables.find((t) => t.sheet === 'Giải thưởng')!).firstRow, 5))).toBe('#,##0');
    const main = host.workbook.sheets.find((x) => x.name === 'Tổng hợp')!;
    const trimmed = tables[0]!.headers.indexOf('Trung bình cắt');
    if (SUITE_API_MINOR >= 18) expect(main.notes.get(`${String.fromCharCode(65 + trimmed)}${sheetLayout(tables[0]!).header + 1}`)).toMatch(/bỏ tổng điểm cao nhất và thấp nhất/);
    else expect(main.notes.size).toBe(0);
    // Nothing scored: the total and the main table say the result is provisional.
    expect(host.grid('Giải thưởng')[sheetLayout(tables.find((t) => t.sheet === 'Giải thưởng')!).footer!]![0]).toBe('Tổng kinh phí (TẠM TÍNH)');
    expect(String(host.grid('Tổng hợp')[sheetLayout(tables[0]!).note!]![0])).toMatch(/^TẠM TÍNH/);
    expect(host.workbook.activeSheet).toBe('Tổng hợp');
  });

  test('a refresh replaces the old summary sheets', async () => {
    const round = demoRound();
    const host = installExcel(workbookOf({ 'Tổng hợp': [['cũ', 'cũ']], 'Chưa nộp': [['cũ']], 'Báo cáo': [['giữ nguyên']] }));
    const tables = summaryTables(round, consolidate(round, manyReports(1, 1)));
    await writeSummarySheets(tables);
    expect(host.grid('Tổng hợp')[sheetLayout(tables[0]!).header]![0]).toBe('Hạng');
    expect(host.grid('Chưa nộp').flat()).not.toContain('cũ');
    expect(host.grid('Báo cáo')).toEqual([['giữ nguyên']]);
  });

  test('10 and 10,000 entries: syncs follow the bytes in blocks under 5 MB, with progress', async () => {
    const round = demoRound();
    const small = installExcel();
    const smallTables = summaryTables(round, consolidate(round, manyReports(5, 2)));
    const smallSyncs = await writeSummarySheets(smallTables);
    // one to find the old sheets, one block per sheet, one for formatting
    expect(smallSyncs).toBe(2 + smallTables.length);
    expect(small.stats.syncs).toBe(smallSyncs);

    const big = summaryTables(round, consolidate({ ...round, units: round.units }, manyReports(500, 20)));
    const host = installExcel();
    const progress: number[] = [];
    const syncs = await writeSummarySheets(big, (p) => progress.push(p.rowsWritten));
    const payload = host.stats.requestBytes.reduce((a, b) => a + b, 0);
    const main = sheetLayout(big[0]!);
    expect(host.grid('Tổng hợp')[main.firstRow + 9_999]![1]).not.toBe(''); // the 10,000th row's unit
    expect(host.grid('Tổng hợp')[main.note!]![0]).toMatch(/^TẠM TÍNH/);
    expect(Math.max(...host.stats.requestBytes)).toBeLessThan(5_000_000);
    expect(syncs).toBe(host.stats.syncs);
    expect(syncs).toBeLessThanOrEqual(big.length + 2 + Math.ceil(payload / 4_000_000)); // bounded by bytes, not 10,000 rows
    expect(progress.at(-1)).toBe(big.reduce((n, t) => n + displayRows(t).length, 0));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }, 60_000);

  test('thousands of flagged cells are filled in syncs cut by the same budget, every one of them', async () => {
    const round = demoRound();
    const [main] = summaryTables(round, consolidate(round, manyReports(100, 20)));
    // Every cell of the rank column flagged: 2,000 fills, more than a small budget holds at once.
    const table = { ...main!, flags: displayRows(main!).map((_, row) => ({ row, column: 0, reason: 'x' })) };
    const host = installExcel();
    const budget = 200_000;
    await writeSummarySheets([table], undefined, budget);
    const sheet = host.workbook.sheets.find((s) => s.name === table.sheet)!;
    const first = sheetLayout(table).firstRow;
    expect(table.flags.filter((f) => sheet.fills.get(cellKey(first + f.row, f.column)) === '#FFE0B2')).toHaveLength(table.flags.length);
    // The formatting no longer goes in one request: none is far over the budget (a row block may reach it once).
    expect(Math.max(...host.stats.requestBytes)).toBeLessThan(budget * 1.5);
  }, 60_000);
});

