/**
 * Checks an uploaded or emailed workbook before ExcelJS opens it. Ward files are untrusted:
 * only a real .xlsx or .xlsm (a zip with the workbook parts; a macro's part is dropped, never run) within fixed limits gets through.
 * The sizes a zip declares can lie, so every entry is inflated here with a hard output limit:
 * a zip bomb stops at the limit instead of filling memory. The inflated entries are handed on to
 * ExcelJS's parsers as they are (read-xlsx.ts), so nothing is inflated a second time in JavaScript.
 */
import { canonicalParts } from './package-parts';
import { inflateRawSync } from 'node:zlib';
import { fileMessages, number } from '../../core/messages';
import { columnNumber } from '../../core/reader/layout';
import { withCellReferences } from './cell-references';

/**
 * What one workbook may hold. A real report is a few sheets and a few thousand cells; these are
 * far above that, and low enough that reading one costs a bounded amount of memory and time
 * (bench/hostile measures the worst case). `cellFormats` is Excel's own limit on cell formats.
 */
export const LIMITS = {
  fileBytes: 20 * 1024 * 1024,
  zipEntries: 2_000,
  uncompressedBytes: 200 * 1024 * 1024,
  rows: 50_000,
  columns: 60,
  sheets: 100,
  cells: 500_000,
  sharedStrings: 500_000,
  /** Bytes of the shared-strings part: all the workbook's text, with its markup. */
  textBytes: 40 * 1024 * 1024,
  cellFormats: 64_000,
  /** Bytes of the styles part. */
  styleBytes: 16 * 1024 * 1024,
  /** XML elements in all the parts together: what ExcelJS builds an object for. */
  elements: 2_000_000,
  merges: 5_000,
};

/** A workbook that yields no report; `message` is for the clerk, in Vietnamese. */
export class UnreadableFileError extends Error {
  readonly code = 'unreadable-file';
}

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ODS_MIMETYPE = Buffer.from('application/vnd.oasis.opendocument.spreadsheet', 'latin1');
/** Stream names of a compound file, as its directory spells them (UTF-16LE). */
const stream = (name: string) => Buffer.from(name, 'utf16le');

/**
 * What an OLE2 compound file is, by its streams: an encrypted .xlsx ("EncryptedPackage", the
 * password to open), an old .xls ("Workbook", "Book"), or neither said.
 */
function oleKind(bytes: Buffer): string {
  if (bytes.includes(stream('EncryptedPackage')) || bytes.includes(stream('EncryptionInfo'))) return fileMessages.encrypted();
  if (bytes.includes(stream('Workbook')) || bytes.includes(stream('Book'))) return fileMessages.oldXls();
  return fileMessages.oldOrEncrypted();
}

function fail(message: string): never {
  throw new UnreadableFileError(message);
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= earliest; i--) if (bytes.readUInt32LE(i) === ZIP_END) return i;
  return fail(fileMessages.corrupt());
}

/** The entries of `bytes`, inflated; throws UnreadableFileError unless it is an .xlsx within LIMITS. */
export function checkXlsxBytes(bytes: Buffer, limits = LIMITS): Map<string, Buffer> {
  if (bytes.length === 0) fail(fileMessages.empty());
  if (bytes.length > limits.fileBytes) fail(fileMessages.tooLarge(Math.round(limits.fileBytes / 1024 / 1024)));
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(OLE2)) fail(oleKind(bytes));
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== ZIP_LOCAL) fail(fileMessages.notXlsx());
  // An OpenDocument spreadsheet: its first entry, stored, is "mimetype" naming the format.
  if (bytes.subarray(0, 200).includes(ODS_MIMETYPE)) fail(fileMessages.ods());

  const end = findEndOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) fail(fileMessages.zipBomb()); // zip64: never needed by a report
  if (count > limits.zipEntries) fail(fileMessages.zipBomb());

  let budget = limits.uncompressedBytes;
  let offset = directoryOffset;
  const entries = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== ZIP_CENTRAL) fail(fileMessages.corrupt());
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;

    if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== ZIP_LOCAL) fail(fileMessages.corrupt());
    const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > bytes.length) fail(fileMessages.corrupt());
    const data = bytes.subarray(dataStart, dataStart + compressedSize);

    let size: number;
    let content: Buffer | null = null;
    if (method === 0) {
      size = compressedSize;
      content = data;
    } else if (method === 8 && compressedSize === 0) {
      // An empty entry some writers store as "deflated" with no stream at all (a 0-byte thumbnail).
      content = Buffer.alloc(0);
      size = 0;
    } else if (method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(budget, 1) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') fail(fileMessages.zipBomb());
        fail(fileMessages.corrupt());
      }
      size = content.length;
    } else {
      return fail(fileMessages.corrupt());
    }
    budget -= size;
    if (budget < 0) fail(fileMessages.zipBomb());
    entries.set(name, content);
  }

  // Parts named and prefixed as the standard allows (the Open XML SDK, ClosedXML), under the names ExcelJS reads.
  const parts = canonicalParts(entries);
  const contentTypes = parts.get('[Content_Types].xml');
  if (!contentTypes || !parts.has('xl/workbook.xml')) fail(fileMessages.notXlsx());
  // A macro-enabled workbook (.xlsm, a template with a renumbering macro) is read like any other:
  // the reader never runs code, and the macro's own part is dropped here, never handed on.
  parts.delete('xl/vbaProject.bin');
  checkParts(parts, limits);
  return parts;
}

/** How often `tags` occur in `data`, counting up to `stop` (a count past the limit says enough). */
function countTags(data: Buffer, tags: ReadonlyArray<string>, stop: number): number {
  let count = 0;
  for (const tag of tags) {
    const needle = Buffer.from(tag, 'latin1');
    for (let at = data.indexOf(needle); at >= 0 && count <= stop; at = data.indexOf(needle, at + needle.length)) count++;
  }
  return count;
}

const LT = 0x3c;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;

/** Opening tags in an XML part (not closing tags, declarations or comments), counting up to `stop`. */
function countElements(data: Buffer, stop: number): number {
  let count = 0;
  for (let at = data.indexOf(LT); at >= 0 && count <= stop; at = data.indexOf(LT, at + 1)) {
    const next = data[at + 1];
    if (next !== SLASH && next !== QUESTION && next !== BANG) count++;
  }
  return count;
}

/** The `ref` of each `<mergeCell>` of a sheet. */
function mergeRefs(sheet: Buffer): string[] {
  const start = sheet.indexOf('<mergeCells');
  if (start < 0) return [];
  const end = sheet.indexOf('</mergeCells>', start);
  const text = sheet.toString('latin1', start, end < 0 ? sheet.length : end);
  return [...text.matchAll(/<mergeCell\s[^>]*?ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/g)].map((m) => m[1] as string);
}


/** Cells in an A1 range such as B2:D10. */
function rangeArea(ref: string): number {
  const [a, b = a] = ref.split(':') as [string, string?];
  const corner = (cell: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(cell) as RegExpExecArray;
    return { col: columnNumber(m[1] as string), row: Number(m[2]) };
  };
  const p = corner(a);
  const q = corner(b as string);
  return (Math.abs(q.col - p.col) + 1) * (Math.abs(q.row - p.row) + 1);
}

/**
 * Parts of a sheet the reader never uses and ExcelJS expands cell by cell: a data validation or
 * a conditional format over whole columns becomes millions of objects. Cut before ExcelJS reads.
 */
const UNUSED_SHEET_ELEMENTS = ['dataValidations', 'conditionalFormatting', 'extLst'];

function withoutElement(xml: Buffer, name: string): Buffer {
  const open = Buffer.from(`<${name}`, 'latin1');
  const close = Buffer.from(`</${name}>`, 'latin1');
  const kept: Buffer[] = [];
  let from = 0;
  for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, from)) {
    const after = xml[at + open.length];
    if (after !== 0x20 && after !== 0x3e && after !== 0x2f && after !== 0x0a && after !== 0x0d && after !== 0x09) {
      // Another element whose name starts the same way (<extLstX>): keep it.
      kept.push(xml.subarray(from, at + open.length));
      from = at + open.length;
      continue;
    }
    const tagEnd = xml.indexOf(0x3e, at);
    if (tagEnd < 0) break;
    let end: number;
    if (xml[tagEnd - 1] === SLASH) end = tagEnd + 1;
    else {
      const closeAt = xml.indexOf(close, tagEnd);
      if (closeAt < 0) break;
      end = closeAt + close.length;
    }
    kept.push(xml.subarray(from, at));
    from = end;
  }
  if (from === 0) return xml;
  kept.push(xml.subarray(from));
  return Buffer.concat(kept);
}

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

/** `change` applied to every sheet part, the other parts as they are. */
function eachSheet(entries: ReadonlyMap<string, Buffer>, change: (xml: Buffer) => Buffer): Map<string, Buffer> {
  return new Map([...entries].map(([name, data]) => [name, SHEET_PART.test(name) ? change(data) : data]));
}

/**
 * Every sheet with each cell's reference written in (cell-references.ts): ExcelJS cannot place a
 * cell without it, whether it reads a report or writes the marked copy of one.
 */
export function placeable(entries: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  return eachSheet(entries, withCellReferences);
}

/** A workbook's theme (colours and fonts by name): the reader never uses it. */
const THEME_PART = /^xl\/theme\//;

/**
 * The entries as the reader's ExcelJS should see them: placeable, each sheet without the parts the
 * reader never uses, and no theme (ExcelJS copies each theme through a 1 MB zero-filled buffer: at
 * 3,000 files, 3 GB written and collected for nothing). The marked copy keeps all of them.
 */
export function forReading(entries: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  const kept = new Map([...entries].filter(([name]) => !THEME_PART.test(name)));
  return placeable(eachSheet(kept, (xml) => UNUSED_SHEET_ELEMENTS.reduce(withoutElement, xml)));
}


/**
 * What ExcelJS would build from the parts, bounded before it builds it: a few hundred kilobytes of
 * zip can declare millions of strings, formats or cells, and each costs far more once parsed.
 */
function checkParts(entries: ReadonlyMap<string, Buffer>, limits: typeof LIMITS): void {
  let elements = 0;
  for (const [name, data] of entries) {
    if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
    elements += countElements(data, limits.elements - elements);
    if (elements > limits.elements) fail(fileMessages.overLimit(`hơn ${number(limits.elements)} thành phần`));
  }
  const sheets = [...entries.keys()].filter((name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name));
  if (sheets.length > limits.sheets) fail(fileMessages.overLimit(`${number(sheets.length)} trang tính, tối đa ${number(limits.sheets)}`));
  let cells = 0;
  for (const name of sheets) {
    cells += countTags(entries.get(name) as Buffer, ['<c ', '<c>', '<row ', '<row>'], limits.cells - cells);
    if (cells > limits.cells) fail(fileMessages.overLimit(`hơn ${number(limits.cells)} ô có dữ liệu hoặc định dạng`));
  }
  let merges = 0;
  let mergedCells = 0;
  for (const name of sheets) {
    for (const ref of mergeRefs(entries.get(name) as Buffer)) {
      merges++;
      mergedCells += rangeArea(ref);
    }
  }
  // ExcelJS makes an object for every cell of a merged area and compares each merge with all others.
  if (merges > limits.merges) fail(fileMessages.overLimit(`${number(merges)} vùng gộp ô, tối đa ${number(limits.merges)}`));
  if (mergedCells > limits.cells) fail(fileMessages.overLimit(`vùng gộp ô rộng hơn ${number(limits.cells)} ô`));
  const strings = entries.get('xl/sharedStrings.xml');
  if (strings) {
    if (strings.length > limits.textBytes) fail(fileMessages.overLimit(`hơn ${number(Math.round(limits.textBytes / 1024 / 1024))} MB chữ`));
    if (countTags(strings, ['<si>', '<si '], limits.sharedStrings) > limits.sharedStrings) fail(fileMessages.overLimit(`hơn ${number(limits.sharedStrings)} đoạn chữ`));
  }
  const styles = entries.get('xl/styles.xml');
  if (styles) {
    if (styles.length > limits.styleBytes) fail(fileMessages.overLimit(`hơn ${number(Math.round(limits.styleBytes / 1024 / 1024))} MB định dạng`));
    if (countTags(styles, ['<xf ', '<xf>', '<xf/>'], limits.cellFormats) > limits.cellFormats) fail(fileMessages.overLimit(`hơn ${number(limits.cellFormats)} kiểu định dạng ô`));
  }
}
