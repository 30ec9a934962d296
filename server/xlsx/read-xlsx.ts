/**
 * A workbook opened from parts the zip guard already inflated (natively, with its limits), without
 * JSZip: ExcelJS's own `load` takes a zip, so the guard's parts went back into one (uncompressed),
 * which JSZip then parsed and decoded again in JavaScript, with pauses between its steps.
 *
 * The parts go to ExcelJS's own parsers in the order and form of its `XLSX.prototype.load`
 * (exceljs 4.4.0, lib/xlsx/xlsx.js): XML as text in chunks of 16 KiB (its parsers iterate what they
 * are given, lib/utils/parse-sax.js: a generator of the chunks, not a stream that buffers them),
 * media and themes as a stream of bytes (they are piped); then its `reconcile`. A test compares the model with what `load` builds, so an
 * ExcelJS that changes it is noticed.
 */
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';

/* eslint-disable @typescript-eslint/no-require-imports -- ExcelJS's parsers, below its index, as its `load` uses them */
const SharedStringsXform = require('exceljs/lib/xlsx/xform/strings/shared-strings-xform');
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform');
const AppXform = require('exceljs/lib/xlsx/xform/core/app-xform');
const CoreXform = require('exceljs/lib/xlsx/xform/core/core-xform');
/* eslint-enable @typescript-eslint/no-require-imports */

/** What a part is given to its parser as. */
type Stream = PassThrough | Iterable<string>;
type Step = (stream: Stream, model: Model, name: string, options: undefined, path: string) => Promise<void>;
type Model = Record<string, unknown>;

/** ExcelJS's reader (`workbook.xlsx`) as far as `load` uses it. */
interface Parser {
  parseRels(stream: Stream): Promise<unknown>;
  parseWorkbook(stream: Stream): Promise<Record<string, unknown>>;
  reconcile(model: Model, options: undefined): void;
  [step: string]: unknown;
}

/** The parts named by pattern, with the reader method `load` hands them to (the match is its name argument). */
const BY_PATTERN: ReadonlyArray<[RegExp, string]> = [
  [/xl\/worksheets\/sheet(\d+)[.]xml/, '_processWorksheetEntry'],
  [/xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/, '_processWorksheetRelsEntry'],
  [/xl\/theme\/([a-zA-Z0-9]+)[.]xml/, '_processThemeEntry'],
  [/xl\/media\/([a-zA-Z0-9]+[.][a-zA-Z0-9]{3,4})$/, '_processMediaEntry'],
  [/xl\/drawings\/([a-zA-Z0-9]+)[.]xml/, '_processDrawingEntry'],
  [/xl\/(comments\d+)[.]xml/, '_processCommentEntry'],
  [/xl\/tables\/(table\d+)[.]xml/, '_processTableEntry'],
  [/xl\/drawings\/_rels\/([a-zA-Z0-9]+)[.]xml[.]rels/, '_processDrawingRelsEntry'],
  [/xl\/drawings\/(vmlDrawing\d+)[.]vml/, '_processVmlDrawingEntry'],
];

/** A part's text in the 16 KiB chunks `load` cuts it into. */
function* chunks(data: Buffer): Generator<string> {
  const text = data.toString('utf8');
  for (let i = 0; i < text.length; i += 16 * 1024) yield text.substring(i, i + 16 * 1024);
}

/** A part as its parser takes it: a stream of bytes for media and themes, text in chunks for the rest. */
function partStream(name: string, data: Buffer): Stream {
  if (/xl\/media\//.test(name) || /xl\/theme\/([a-zA-Z0-9]+)[.]xml/.test(name)) {
    const stream = new PassThrough();
    stream.end(data);
    return stream;
  }
  return chunks(data);
}

/** Fills `workbook` from the parts of an .xlsx (name → inflated bytes), as ExcelJS's `xlsx.load` would. */
export async function loadParts(workbook: ExcelJS.Workbook, parts: ReadonlyMap<string, Buffer>): Promise<void> {
  const xlsx = workbook.xlsx as unknown as Parser;
  const model: Model = { worksheets: [], worksheetHash: {}, worksheetRels: [], themes: {}, media: [], mediaIndex: {}, drawings: {}, drawingRels: {}, comments: {}, tables: {}, vmlDrawings: {} };
  const options = undefined; // what `load` passes on when given none
  for (const [entryName, data] of parts) {
    const name = entryName.startsWith('/') ? entryName.slice(1) : entryName;
    if (name.endsWith('/')) continue; // a folder
    const stream = partStream(name, data);
    if (name === '_rels/.rels') model.globalRels = await xlsx.parseRels(stream);
    else if (name === 'xl/workbook.xml') {
      const { sheets, definedNames, views, properties, calcProperties } = await xlsx.parseWorkbook(stream);
      Object.assign(model, { sheets, definedNames, views, properties, calcProperties });
    } else if (name === 'xl/_rels/workbook.xml.rels') model.workbookRels = await xlsx.parseRels(stream);
    else if (name === 'xl/sharedStrings.xml') {
      model.sharedStrings = new SharedStringsXform();
      await (model.sharedStrings as { parseStream(s: Stream): Promise<unknown> }).parseStream(stream);
    } else if (name === 'xl/styles.xml') {
      model.styles = new StylesXform();
      await (model.styles as { parseStream(s: Stream): Promise<unknown> }).parseStream(stream);
    } else if (name === 'docProps/app.xml') {
      const { company, manager } = await new AppXform().parseStream(stream);
      Object.assign(model, { company, manager });
    } else if (name === 'docProps/core.xml') Object.assign(model, await new CoreXform().parseStream(stream));
    else {
      for (const [pattern, step] of BY_PATTERN) {
        const match = pattern.exec(name);
        if (!match) continue;
        await (xlsx[step] as Step).call(xlsx, stream, model, match[1] as string, options, name);
        break;
      }
    }
  }
  xlsx.reconcile(model, options);
  (workbook as unknown as { model: Model }).model = model;
}
