/**
 * @jest-environment node
 *
 * The requirement-set check (issue #12): every Office.js member the add-in uses is within the
 * manifest's <Requirements> or behind a guard that asks for its set; a planted unguarded call fails.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkRequirements, manifestMinimum } from '../../scripts/requirements/check';
import { ROOT } from '../helpers/paths';

/** The add-in's sources, the simulated host aside (it is not Office.js). */
function addinSources(dir = path.join(ROOT, 'addin')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'preview' ? [] : addinSources(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

const minimum = manifestMinimum(readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'));

test('the manifest declares ExcelApi 1.8', () => {
  expect(minimum).toEqual({ ExcelApi: '1.8' });
});

test('every Office.js member the add-in uses is within ExcelApi 1.8 or guarded', () => {
  expect(checkRequirements(addinSources(), minimum)).toEqual([]);
}, 60_000);

test('an unguarded call above the minimum fails the check; the same call behind each kind of guard passes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-requirements-'));
  try {
    const file = path.join(dir, 'planted.ts');
    writeFileSync(
      file,
      `export async function planted(): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    sheet.pageLayout.orientation = Excel.PageOrientation.landscape; // 1.9, unguarded
    if (Office.context.requirements.isSetSupported('ExcelApi', '1.9')) sheet.pageLayout.centerHorizontally = true;
    const notes = () => Office.context.requirements.isSetSupported('ExcelApi', '1.18');
    const withNotes = notes();
    if (withNotes) sheet.notes.add('A1', 'x');
    if (Office.context.requirements.isSetSupported('ExcelApi', '1.9')) sheet.notes.add('A2', 'too old a guard');
    await context.sync();
  });
}
`,
    );
    const found = checkRequirements([file], minimum);
    expect(found.map((v) => [v.line, v.member, v.requires])).toEqual([
      [4, 'sheet.pageLayout.orientation', 'ExcelApi 1.9'],
      [4, 'sheet.pageLayout', 'ExcelApi 1.9'],
      [9, 'sheet.notes.add', 'ExcelApi 1.18'],
      [9, 'sheet.notes', 'ExcelApi 1.18'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
