/**
 * @jest-environment node
 *
 * The officer's Excel functions (addin/excel/) over the simulated host: inserting the template,
 * reading the fixture reports as the server reads the same files, marking findings on the cells,
 * going to a cell, fixing a field, keeping entry ids with their rows; a fixed number of syncs.
 */
import { demoRound } from '../../core/rounds/round';
import { DESCRIPTION_SKELETON, ENTRY_ID_HEADER, FIELD_LIST_SHEET, templateSheet } from '../../core/reader/template-sheet';
import { selectCell, writeCellValue, writeEntryIds } from '../../addin/excel/cells';
import { clearMarks, ERROR_FILL, markFindings, NOTE_PREFIX, WARNING_FILL } from '../../addin/excel/marks';
import { readWorkbookReport } from '../../addin/excel/report';
import { insertTemplate } from '../../addin/excel/template';
import { checkWorkbookFile } from '../../server/xlsx';
import { installExcel, SUITE_API_MINOR, workbookOf } from '../helpers/excel-host';
import { fixtureWorkbook } from '../helpers/fixture-workbook';
import { report } from '../helpers/paths';
import { newSheet, newWorkbook, PAYLOAD_LIMIT, type SimValue } from '../../addin/preview/excel-sim';
import { variedText } from '../helpers/reports';

const round = demoRound();
const options = { fields: round.fields };

/** A sheet holding the template's header on row 1 and `n` entries; those `loose` write their field loosely (a warning). */
function reportRows(n: number, loose: (i: number) => boolean = (i) => i % 2 === 1): SimValue[][] {
  const header = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
  const rows = Array.from({ length: n }, (_, i) => [
    i + 1,
    'Phường 1',
    `Mô hình số ${i + 1}`,
    loose(i) ? 'Cải cách TTHC' : 'Cải cách thể chế',
    `- Thực trạng: chờ lâu ${i}\n- Nội dung: quầy riêng\n- Hiệu quả: nhanh hơn\n- Tính mới: lần đầu`,
    '',
  ]);
  return [header, ...rows];
}

describe('insertTemplate', () => {
  test('writes the Phụ lục with the unit, a field dropdown from a hidden sheet, frozen header, landscape; two syncs', async () => {
    const host = installExcel();
    const layout = templateSheet(round, 'Phường 7');
    expect(await insertTemplate(layout)).toEqual({ inserted: true, sheet: 'Phụ lục' });
    expect(host.stats.syncs).toBe(2);

    const grid = host.grid('Phụ lục');
    expect(grid[0]![0]).toBe('PHƯỜNG 7');
    expect(grid[7]).toEqual(['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả về công trình/ giải pháp/ đề tài', 'Ghi chú', ENTRY_ID_HEADER]);
    expect(grid[8]![4]).toBe(DESCRIPTION_SKELETON);
    // Every empty row already carries the officer's unit, as the round names it.
    expect(grid[8]![1]).toBe('Phường 7');
    const sheet = host.workbook.sheets.find((s) => s.name === 'Phụ lục')!;
    expect(sheet.frozenRows).toBe(8);
    expect(sheet.hiddenColumns).toEqual(new Set([6]));
    // Print settings need ExcelApi 1.9: a host at the manifest's 1.8 keeps its defaults.
    if (SUITE_API_MINOR >= 9) expect(sheet.pageLayout).toMatchObject({ orientation: 'Landscape', zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, printTitleRows: '$8:$8' });
    else expect(sheet.pageLayout).toEqual({});
    expect(sheet.validations).toEqual([
      expect.objectContaining({ address: 'D9:D508', rule: { list: { inCellDropDown: true, source: `='${FIELD_LIST_SHEET}'!$A$1:$A$8` } } }),
    ]);
    const list = host.workbook.sheets.find((s) => s.name === FIELD_LIST_SHEET)!;
    expect(list.visibility).toBe('VeryHidden');
    expect(list.values.map((r) => r[0])).toEqual(round.fields.map((f) => f.name));
    expect(host.workbook.selection).toEqual({ sheet: 'Phụ lục', address: 'C9' });

    // Read back: the header is found, the five empty numbered rows are not entries.
    const read = await readWorkbookReport(options);
    expect(read.result.error).toBeNull();
    expect(read.result.issues.map((i) => i.code)).toEqual(['no-entries']);
    expect(read.idColumn).toBe(6);
  });

  test('a workbook that already has a Phụ lục sheet is left alone', async () => {
    const host = installExcel(workbookOf({ 'Phụ lục': [['của tôi']] }));
    expect(await insertTemplate(templateSheet(round, 'Phường 7'))).toEqual({ inserted: false, reason: 'exists', sheet: 'Phụ lục' });
    expect(host.grid('Phụ lục')).toEqual([['của tôi']]);
  });

  test('a round asking for authors, phone and category gets those columns', async () => {
    const host = installExcel();
    await insertTemplate(templateSheet({ ...round, template: { authors: true, phone: true, category: true } }, 'Phường 7'));
    expect(host.grid('Phụ lục')[7]!.slice(6)).toEqual(['Tác giả', 'Số điện thoại', 'Hình thức', ENTRY_ID_HEADER]);
  });
});

describe('readWorkbookReport over the fixture reports', () => {
  test.each(['phuong-1.xlsx', 'phuong-2.xlsx', 'phuong-3.xlsx', 'phuong-4.xlsx', 'phuong-5.xlsx', 'phuong-9.xlsx', 'phuong-10.xlsx', 'phuong-11.xlsx'])(
    '%s: the same entries and findings as the server reading the file',
    async (file) => {
      installExcel(await fixtureWorkbook(report(file)));
      const read = await readWorkbookReport(options);
      const server = await checkWorkbookFile(report(file), options);
      expect(read.result.sheet).toBe(server.sheet);
      expect(read.result.entries).toEqual(server.entries);
      expect(read.result.issues).toEqual(server.issues);
    },
  );

  test('the report is found on a sheet that is not the first (phuong-10), and the active sheet wins when it holds one', async () => {
    const workbook = await fixtureWorkbook(report('phuong-10.xlsx'));
    installExcel(workbook);
    expect((await readWorkbookReport(options)).result.sheet).toBe('Sheet1');

    workbook.sheets.push(newSheet('Bản nháp', reportRows(2)));
    workbook.activeSheet = 'Bản nháp';
    const read = await readWorkbookReport(options);
    expect(read.result.sheet).toBe('Bản nháp');
    expect(read.result.entries).toHaveLength(2);
  });

  test('a unit merged down over several entries is each entry’s from ExcelApi 1.13 (getMergedAreasOrNullObject); before it, the pane asks for it', async () => {
    const rows = reportRows(3, () => false);
    rows[2]![1] = '';
    rows[3]![1] = '';
    const sheet = newSheet('Phụ lục', rows);
    sheet.merged.push('B2:B4');
    installExcel(newWorkbook([sheet]));
    const read = await readWorkbookReport(options);
    if (SUITE_API_MINOR >= 13) {
      expect(read.result.entries.map((e) => e.unit)).toEqual(['Phường 1', 'Phường 1', 'Phường 1']);
      expect(read.result.entries[2]!.cells?.unit).toEqual(['B2']);
    } else {
      expect(read.result.entries.map((e) => e.unit)).toEqual(['Phường 1', '', '']);
      expect(read.result.issues.filter((i) => i.code === 'missing-unit').map((i) => i.cell)).toEqual(['B3', 'B4']);
    }
  });

  test('another sheet holding a report too is named (sheet-not-read); the active sheet is the one read', async () => {
    const workbook = newWorkbook([newSheet('Trường A', reportRows(2)), newSheet('Trường B', reportRows(1))]);
    workbook.activeSheet = 'Trường B';
    installExcel(workbook);
    const read = await readWorkbookReport(options);
    expect(read.result.sheet).toBe('Trường B');
    expect(read.result.issues.filter((i) => i.code === 'sheet-not-read').map((i) => i.message)).toEqual([expect.stringMatching(/“Trường A”.*2 mô hình/)]);
  });

  test('rows hidden or filtered out are withdrawn, as the server reads them: not read, and named (rowHidden, getVisibleView)', async () => {
    const sheet = newSheet('Phụ lục', reportRows(4, () => false));
    sheet.hiddenRows.add(2);
    sheet.hiddenRows.add(4);
    installExcel(newWorkbook([sheet]));
    const read = await readWorkbookReport(options);
    expect(read.result.entries.map((e) => e.title)).toEqual(['Mô hình số 1', 'Mô hình số 3']);
    expect(read.result.issues.filter((i) => i.code === 'hidden-rows').map((i) => i.message)).toEqual([expect.stringContaining('(dòng 3, 5)')]);
  });

  test('a workbook without a header says so', async () => {
    installExcel(workbookOf({ Sheet1: [['Danh sách cán bộ'], ['Nguyễn Văn A']] }));
    const read = await readWorkbookReport(options);
    expect(read.result.error?.code).toBe('header-not-found');
    expect(read.headerRow).toBeNull();
  });

  test('10 and 10,000 rows take the same syncs (three, a fourth for merged areas from ExcelApi 1.13); no single read is over 1,000 rows', async () => {
    const counts: number[] = [];
    for (const n of [10, 10_000]) {
      const host = installExcel(newWorkbook([newSheet('Phụ lục', reportRows(n))]));
      const read = await readWorkbookReport(options);
      // Every row is read from Excel; the reader takes a report's worth (2,000 entries) and says where it stopped.
      const kept = Math.min(n, 2_000);
      expect(read.result.entries).toHaveLength(kept);
      expect(read.result.issues.filter((i) => i.code === 'field-normalized')).toHaveLength(kept / 2);
      expect(read.result.issues.filter((i) => i.code === 'too-many-entries')).toHaveLength(n > kept ? 1 : 0);
      counts.push(host.stats.syncs);
      expect(Math.max(...host.stats.requestBytes)).toBeLessThan(5_000_000);
    }
    const syncs = Office.context.requirements.isSetSupported('ExcelApi', '1.13') ? 4 : 3;
    expect(counts).toEqual([syncs, syncs]);
  }, 60_000);
});

describe('reads bounded by bytes, not rows', () => {
  const longText = (i: number) => `- Thực trạng: ${variedText(i, 60)}\n- Nội dung: ${variedText(i + 1, 80)}\n- Hiệu quả: ${variedText(i + 2, 60)}\n- Tính mới: ${variedText(i + 3, 40)}`;

  test('10,000 long entries (over 5 MB of text): more syncs, every one under 5 MB, every row read and a report’s worth of entries kept', async () => {
    const rows = reportRows(10_000).map((row, i) => (i === 0 ? row : [...row.slice(0, 4), longText(i), '']));
    const host = installExcel(newWorkbook([newSheet('Phụ lục', rows)]));
    const read = await readWorkbookReport(options);
    expect(read.result.entries).toHaveLength(2_000);
    expect(read.result.issues).toContainEqual(expect.objectContaining({ code: 'too-many-entries', row: 2_002 }));
    expect(host.stats.responseBytes.reduce((a, b) => a + b, 0)).toBeGreaterThan(PAYLOAD_LIMIT);
    expect(host.stats.syncs).toBeGreaterThan(3);
    expect(Math.max(...host.stats.responseBytes)).toBeLessThan(PAYLOAD_LIMIT);
  }, 60_000);

  test('rows far longer than the first ones: Excel refuses the estimate, the pane halves it and reads everything', async () => {
    const rows = reportRows(3_000).map((row, i) => (i < 100 ? row : [...row.slice(0, 4), longText(i), '']));
    const host = installExcel(newWorkbook([newSheet('Phụ lục', rows)]));
    const read = await readWorkbookReport(options);
    expect(read.result.entries).toHaveLength(2_000);
    expect(read.result.entries[1_999]!.sections.tinhMoi).toBe(variedText(2_000 + 3, 40));
    expect(host.stats.responseBytes.some((b) => b > PAYLOAD_LIMIT)).toBe(true); // the refused sync
    expect(host.stats.responseBytes.at(-1)).toBeLessThan(PAYLOAD_LIMIT);
  }, 60_000);
});

describe('marking findings on the cells', () => {
  test('phuong-2: errors and warnings coloured with a note each; a re-check restores the fills; a user note is never touched', async () => {
    const workbook = await fixtureWorkbook(report('phuong-2.xlsx'));
    const host = installExcel(workbook, 18); // notes are ExcelApi 1.18
    const sheet = workbook.sheets.find((s) => s.name === 'Phụ lục')!;
    const { result } = await readWorkbookReport(options);
    const missing = result.issues.find((i) => i.code === 'missing-section')!;
    const normalized = result.issues.find((i) => i.code === 'field-normalized')!;
    sheet.fills.set(missing.cell!, '#E2EFDA'); // the officer's own colour
    sheet.notes.set('B9', 'ghi chú của cán bộ');

    host.resetStats();
    expect(await markFindings(result.sheet!, result.issues)).toBe(new Set(result.issues.map((i) => i.cell).filter(Boolean)).size);
    expect(host.stats.syncs).toBe(3);
    expect(sheet.fills.get(missing.cell!)).toBe(ERROR_FILL);
    expect(sheet.fills.get(normalized.cell!)).toBe(WARNING_FILL);
    expect(sheet.notes.get(missing.cell!)).toContain(missing.message);
    expect(sheet.notes.get(missing.cell!)!.startsWith(NOTE_PREFIX)).toBe(true);

    // Fixed and checked again: the cell gets back the officer's colour, its note goes.
    await markFindings(result.sheet!, result.issues.filter((i) => i !== missing));
    expect(sheet.fills.get(missing.cell!)).toBe('#E2EFDA');
    expect(sheet.notes.has(missing.cell!)).toBe(false);
    expect(sheet.fills.get(normalized.cell!)).toBe(WARNING_FILL);

    await clearMarks();
    expect(sheet.fills.get(normalized.cell!)).toBeUndefined();
    expect([...sheet.notes]).toEqual([['B9', 'ghi chú của cán bộ']]);
  });

  test('without ExcelApi 1.18 (no notes) the cells are only coloured', async () => {
    const workbook = await fixtureWorkbook(report('phuong-11.xlsx'));
    installExcel(workbook, 9);
    const { result } = await readWorkbookReport(options);
    await markFindings(result.sheet!, result.issues);
    const sheet = workbook.sheets.find((s) => s.name === result.sheet)!;
    expect(sheet.notes.size).toBe(0);
    expect(sheet.fills.size).toBeGreaterThanOrEqual(3);
  });

  test('marks survive a reload of the task pane (kept in the document settings)', async () => {
    const workbook = await fixtureWorkbook(report('phuong-2.xlsx'));
    const first = installExcel(workbook);
    const { result } = await readWorkbookReport(options);
    await markFindings(result.sheet!, result.issues);
    // A new task pane over the same document: the saved settings are all it has.
    const second = installExcel(workbook);
    for (const [k, v] of first.settings) second.settings.set(k, v);
    await clearMarks();
    expect(workbook.sheets.find((s) => s.name === result.sheet)!.fills.size).toBe(0);
  });

  test('10 and 10,000 rows with the same findings: the same syncs, to mark and to re-mark', async () => {
    const counts: number[][] = [];
    for (const n of [10, 10_000]) {
      const host = installExcel(newWorkbook([newSheet('Phụ lục', reportRows(n, (i) => i < 3))]));
      const { result } = await readWorkbookReport(options);
      const syncs: number[] = [];
      for (let check = 0; check < 2; check++) {
        host.resetStats();
        await markFindings('Phụ lục', result.issues);
        syncs.push(host.stats.syncs);
      }
      counts.push(syncs);
    }
    expect(counts).toEqual([
      [3, 5],
      [3, 5],
    ]);
  }, 60_000);

  test('a report’s worth of findings with notes (2,000 entries, each missing its unit and title): the writes go in batches under 5 MB', async () => {
    const rows = reportRows(10_000).map((row, i) => (i === 0 ? row : [row[0]!, '', '', row[3]!, row[4]!, '']));
    const host = installExcel(newWorkbook([newSheet('Phụ lục', rows)]), 18); // notes are ExcelApi 1.18
    const { result } = await readWorkbookReport(options);
    expect(result.issues.filter((i) => i.cell).length).toBeGreaterThanOrEqual(4_000);
    host.resetStats();
    await markFindings('Phụ lục', result.issues);
    expect(host.stats.syncs).toBeGreaterThan(3);
    expect(Math.max(...host.stats.requestBytes)).toBeLessThan(PAYLOAD_LIMIT);
    expect(host.workbook.sheets[0]!.notes.size).toBe(new Set(result.issues.map((i) => i.cell).filter(Boolean)).size);
  }, 60_000);
});

describe('cells', () => {
  test('selectCell activates the sheet and selects the cell', async () => {
    const host = installExcel(workbookOf({ 'Hướng dẫn': [['x']], Sheet1: reportRows(2) }));
    await selectCell('Sheet1', 'E3');
    expect(host.workbook.activeSheet).toBe('Sheet1');
    expect(host.workbook.selection).toEqual({ sheet: 'Sheet1', address: 'E3' });
  });

  test('the one-click field fix writes the canonical field; the warning is gone on the next check', async () => {
    installExcel(await fixtureWorkbook(report('phuong-2.xlsx')));
    const before = await readWorkbookReport(options);
    const warning = before.result.issues.find((i) => i.code === 'field-normalized')!;
    await writeCellValue(before.result.sheet!, warning.cell!, warning.canonical!);
    const after = await readWorkbookReport(options);
    expect(after.result.issues.filter((i) => i.code === 'field-normalized' && i.cell === warning.cell)).toEqual([]);
  });

  test('entry ids written to a new hidden column follow their rows when the rows are reordered', async () => {
    const workbook = newWorkbook([newSheet('Phụ lục', reportRows(3))]);
    installExcel(workbook);
    const read = await readWorkbookReport(options);
    expect(read.idColumn).toBeNull();
    await writeEntryIds('Phụ lục', read.headerRow!, read.lastColumn + 1, new Map([[2, 'id-a'], [3, 'id-b'], [4, 'id-c']]), true);
    const sheet = workbook.sheets[0]!;
    expect(sheet.hiddenColumns).toEqual(new Set([6]));
    // The officer sorts the rows: the last entry moves to the top.
    sheet.values = [sheet.values[0]!, sheet.values[3]!, sheet.values[1]!, sheet.values[2]!];
    const again = await readWorkbookReport(options);
    expect(again.idColumn).toBe(6);
    expect(again.result.entries.map((e) => [e.title, again.ids.get(e.row)])).toEqual([
      ['Mô hình số 3', 'id-c'],
      ['Mô hình số 1', 'id-a'],
      ['Mô hình số 2', 'id-b'],
    ]);
  });
});
