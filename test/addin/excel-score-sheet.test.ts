/**
 * @jest-environment node
 *
 * The reviewer's score sheet over the simulated host: built with the entries the reviewer may
 * score (never their own unit's), rebuilt keeping what was typed, read back with out-of-range
 * values caught, one row saved in one sync, the user's edits watched; the same syncs for 5 and
 * 500 entries.
 */
import { buildScoreSheet, readScoreSheetRows, watchScoreSheet, writeScoreRow } from '../../addin/excel/score-sheet';
import { demoRound } from '../../core/rounds/round';
import { entriesToScore, SCORE_ID_HEADER, SCORE_SHEET, scoreSheetLayout, scoreSheetRows, type ScoredEntry, type ScoreValues } from '../../core/judging/score-sheet';
import { installExcel } from '../helpers/excel-host';

const round = demoRound();
const criteria = round.rubric.criteria;
const layout = scoreSheetLayout(criteria);

function entriesOf(n: number): ScoredEntry[] {
  const units = ['Phường 1', 'Phòng Tư pháp', 'Phường 2'];
  return Array.from({ length: n }, (_, i) => ({
    id: `e${i + 1}`,
    unit: units[i % units.length]!,
    row: 9 + i,
    stt: String(i + 1),
    title: `Mô hình ${i + 1}`,
    field: 'Cải cách thể chế',
    sections: { thucTrang: `Thực trạng ${i}`, noiDung: 'Nội dung', hieuQua: 'Hiệu quả', tinhMoi: 'Tính mới' },
    note: '',
  }));
}

const build = (entries: ScoredEntry[], server = new Map<string, ScoreValues>()) =>
  buildScoreSheet(layout, criteria, (typed) => scoreSheetRows(layout, entries, typed, server));

const points = (tinhMoi: number, hieuQua: number, nhanRong: number, khaThi: number) => ({ tinhMoi, hieuQua, nhanRong, khaThi });

describe('the score sheet', () => {
  test('a reviewer of Phòng Tư pháp gets every entry but their own unit’s, with rubric columns, validation, totals, frozen panes', async () => {
    const host = installExcel();
    const { scored, ownUnit } = entriesToScore(round, entriesOf(6), { unit: 'Phòng Tư pháp' });
    expect(ownUnit.map((e) => e.id)).toEqual(['e2', 'e5']);
    expect(await build(scored)).toBe(4);
    expect(host.stats.syncs).toBe(2);

    const sheet = host.workbook.sheets.find((s) => s.name === SCORE_SHEET)!;
    const grid = host.grid(SCORE_SHEET);
    expect(grid[0]).toEqual([
      'STT', 'Đơn vị', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực', 'Thực trạng', 'Nội dung', 'Hiệu quả', 'Tính mới',
      ...criteria.map((c) => `${c.label} (tối đa ${c.max})`), 'Tổng', 'Nhận xét', SCORE_ID_HEADER,
    ]);
    expect(grid.slice(1).map((r) => [r[1], r[layout.id]])).toEqual([
      ['Phường 1', 'e1'],
      ['Phường 2', 'e3'],
      ['Phường 1', 'e4'],
      ['Phường 2', 'e6'],
    ]);
    expect(sheet.formulas.get('M2')).toBe('=IF(COUNT(I2:L2)=0,"",SUM(I2:L2))');
    expect(sheet.validations.map((v) => [v.address, v.rule])).toEqual(
      layout.criteria.map((c) => [`${String.fromCharCode(65 + c.column)}2:${String.fromCharCode(65 + c.column)}5`, { decimal: { formula1: 0, formula2: c.max, operator: 'Between' } }]),
    );
    expect(sheet.validations[0]!.errorAlert).toMatchObject({ style: 'Stop', message: 'Điểm “Tính mới, sáng tạo” phải là số từ 0 đến 30.' });
    expect([sheet.frozenRows, sheet.frozenColumns]).toEqual([1, 3]);
    expect(sheet.hiddenColumns).toEqual(new Set([layout.id]));
  });

  test('rebuilt: scores typed in the sheet are kept by entry, the server’s fill the rest, new entries come in', async () => {
    const host = installExcel();
    const entries = entriesOf(3);
    await build(entries);
    await host.edit(SCORE_SHEET, 'I3', 25); // e2's Tính mới, not sent yet
    await host.edit(SCORE_SHEET, 'N3', 'Cách làm hay');
    const server = new Map([['e1', { points: points(20, 20, 10, 10), comment: 'đã chấm' }]]);
    host.resetStats();
    // A new version of the reports: e4 added, the order changed.
    await build([entries[2]!, { ...entries[0]!, id: 'e4', title: 'Mô hình mới' }, entries[1]!, entries[0]!], server);
    expect(host.stats.syncs).toBe(4); // is there a sheet; its size and first rows; its rows; write
    const rows = await readScoreSheetRows(layout, criteria);
    expect(rows!.map((r) => [r.entryId, r.points.tinhMoi, r.comment])).toEqual([
      ['e3', null, ''],
      ['e4', null, ''],
      ['e2', 25, 'Cách làm hay'],
      ['e1', 20, 'đã chấm'],
    ]);
  });

  test('read back: complete rows, a comma decimal, out-of-range and non-numbers caught with their cell', async () => {
    const host = installExcel();
    await build(entriesOf(3));
    for (const [address, value] of [['I2', 27], ['J2', '22,5'], ['K2', 15], ['L2', 16], ['I3', 45], ['J3', 'tốt'], ['I4', 10]] as const) await host.edit(SCORE_SHEET, address, value);
    const rows = (await readScoreSheetRows(layout, criteria))!;
    expect(rows[0]).toMatchObject({ entryId: 'e1', row: 2, complete: true, points: points(27, 22.5, 15, 16), problems: [] });
    expect(rows[1]!.complete).toBe(false);
    expect(rows[1]!.problems.map((p) => p.cell)).toEqual(['I3', 'J3']);
    expect(rows[1]!.problems[0]!.message).toBe('Ô I3: điểm “Tính mới, sáng tạo” phải là số từ 0 đến 30, không phải “45”.');
    expect(rows[2]).toMatchObject({ complete: false, problems: [] });
  });

  test('the rubric card saves one row in one sync', async () => {
    const host = installExcel();
    await build(entriesOf(3));
    host.resetStats();
    await writeScoreRow(layout, 3, { points: points(28, 24, 15, 18), comment: 'Rất hay' });
    expect(host.stats.syncs).toBe(1);
    expect(host.grid(SCORE_SHEET)[2]!.slice(8, 14)).toEqual([28, 24, 15, 18, '', 'Rất hay']);
  });

  test('edits typed straight into the sheet are reported by address until watching stops', async () => {
    const host = installExcel();
    await build(entriesOf(2));
    const seen: string[] = [];
    const stop = await watchScoreSheet((address) => seen.push(address));
    await host.edit(SCORE_SHEET, 'J2', 20);
    await stop!();
    await host.edit(SCORE_SHEET, 'J3', 20);
    expect(seen).toEqual(['J2']);
  });

  test('5 and 500 entries: the same syncs to build, rebuild and read', async () => {
    const counts: number[][] = [];
    for (const n of [5, 500]) {
      const host = installExcel();
      const counted = async (work: () => Promise<unknown>) => {
        host.resetStats();
        await work();
        return host.stats.syncs;
      };
      counts.push([await counted(() => build(entriesOf(n))), await counted(() => build(entriesOf(n))), await counted(() => readScoreSheetRows(layout, criteria))]);
      expect(Math.max(...host.stats.requestBytes)).toBeLessThan(5_000_000);
    }
    expect(counts).toEqual([
      [2, 4, 3],
      [2, 4, 3],
    ]);
  });

  test('a city\'s round: 2,000 entries with long descriptions are read in blocks, no response over 5 MB', async () => {
    const host = installExcel();
    const long = (i: number, part: string) => `${part} ${i}: ${'Người dân phải đi lại nhiều lần để bổ sung hồ sơ. '.repeat(20)}`;
    const entries = entriesOf(2_000).map((e, i) => ({ ...e, sections: { thucTrang: long(i, 'a'), noiDung: long(i, 'b'), hieuQua: long(i, 'c'), tinhMoi: long(i, 'd') } }));
    await build(entries);
    host.resetStats();
    const rows = await readScoreSheetRows(layout, criteria);
    expect(rows).toHaveLength(2_000);
    expect(rows![1_999]!.entry.sections.tinhMoi).toBe(long(1_999, 'd'));
    const total = host.stats.responseBytes.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(10_000_000); // more than two responses' worth…
    expect(Math.max(...host.stats.responseBytes)).toBeLessThan(5_000_000); // …never more than one at once
  }, 60_000);
});
