/** Expanding the command line's <file|folder> arguments into the workbooks to read. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Workbook-like files a folder may hold; .xls and .xlsm are listed so the clerk is told why they are refused. */
const WORKBOOK = /\.(xlsx|xlsm|xls)$/i;

async function walk(folder: string): Promise<string[]> {
  const found: string[] = [];
  const items = await readdir(folder, { withFileTypes: true });
  for (const item of items) {
    // Excel's lock files (~$name.xlsx) and hidden files are never reports.
    if (item.name.startsWith('.') || item.name.startsWith('~$')) continue;
    const full = path.join(folder, item.name);
    if (item.isDirectory()) found.push(...(await walk(full)));
    else if (item.isFile() && WORKBOOK.test(item.name)) found.push(full);
  }
  return found;
}

/**
 * Each argument as given when it is a file (or does not exist: the reader then reports it),
 * every workbook below it when it is a folder; sorted by name within a folder.
 */
export async function expandInputs(inputs: ReadonlyArray<string>): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) files.push(...(await walk(input)).sort((a, b) => a.localeCompare(b, 'vi', { numeric: true })));
    else files.push(input);
  }
  return files;
}
