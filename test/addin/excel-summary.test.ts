/**
 * The add-in's door to the consolidation, over office-addin-mock: the sheets it writes hold the
 * same rows as the server's and the command line's workbook, and the number of syncs follows the
 * bytes (blocks under 5 MB), not the rows.
 */
import { consolidate } from '../../core/consolidate';
import { demoRound } from '../../core/round';
import { displayRows, summaryTables } from '../../core/summary-sheets';
import { writeSummarySheets } from '../../addin/excel/summary';
import { excelHost } from '../helpers/excel-host';
import { manyReports } from '../helpers/reports';

describe('writing the summary sheets through Office.js', () => {
  test('the sheets hold the tables of core/summary-sheets: headers, every row, empty cells as ""', async () => {
    const round = demoRound();
    const tables = summaryTables(round, consolidate(round, manyReports(3, 2)));
    const host = excelHost();
    await writeSummarySheets(tables);
    expect([...host.grids.keys()]).toEqual(['Tổng hợp', 'Theo lĩnh vực', 'Theo đơn vị', 'Chưa nộp', 'Trùng lặp', 'Giải thưởng']);
    for (const t of tables) {
      const grid = host.grids.get(t.sheet)!;
      expect(grid[0]).toEqual(t.headers);
      const rows = displayRows(t);
      expect(grid.slice(1, 1 + rows.length)).toEqual(rows.map((r) => r.map((v) => (v === null ? '' : v))));
      expect(host.frozen.get(t.sheet)).toBe(1);
    }
    expect(host.tables).toHaveLength(6);
    expect(host.grids.get('Giải thưởng')!.at(-1)![0]).toBe('Tổng kinh phí');
  });

  test('a refresh replaces the old summary sheets', async () => {
    const round = demoRound();
    const host = excelHost(['Tổng hợp', 'Chưa nộp']);
    await writeSummarySheets(summaryTables(round, consolidate(round, manyReports(1, 1))));
    expect(host.deleted).toEqual(['Tổng hợp', 'Chưa nộp']);
    expect(host.grids.get('Tổng hợp')![0]![0]).toBe('Hạng');
  });

  test('10 and 10,000 entries: syncs follow the bytes in blocks under 5 MB, with progress', async () => {
    const round = demoRound();
    const small = excelHost();
    const smallTables = summaryTables(round, consolidate(round, manyReports(5, 2)));
    const smallSyncs = await writeSummarySheets(smallTables);
    // one to find the old sheets, one block per sheet, one for formatting
    expect(smallSyncs).toBe(2 + smallTables.length);
    expect(small.syncPayloads).toHaveLength(smallSyncs);

    const big = summaryTables(round, consolidate({ ...round, units: round.units }, manyReports(500, 20)));
    const host = excelHost();
    const progress: number[] = [];
    const syncs = await writeSummarySheets(big, (p) => progress.push(p.rowsWritten));
    const payload = host.syncPayloads.reduce((a, b) => a + b, 0);
    expect(host.grids.get('Tổng hợp')!.length).toBe(10_001);
    expect(Math.max(...host.syncPayloads)).toBeLessThan(5_000_000);
    expect(syncs).toBe(host.syncPayloads.length);
    expect(syncs).toBeLessThanOrEqual(8 + Math.ceil(payload / 4_000_000)); // bounded by bytes, not 10,000 rows
    expect(progress.at(-1)).toBe(big.reduce((n, t) => n + displayRows(t).length, 0));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }, 60_000);
});

