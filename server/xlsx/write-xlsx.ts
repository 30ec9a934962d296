/**
 * A workbook written as a stream: ExcelJS renders the parts, yazl zips them and the zip's bytes
 * flow out part by part, while later sheets are still being rendered. ExcelJS's own writer hands
 * every part to JSZip and emits the archive only once it is whole; yazl deflates each part with
 * Node's native zlib off the JavaScript thread, and writes each part's sizes in its local header
 * (no data descriptors: the stricter form, which every reader of zips takes).
 *
 * The parts are rendered by ExcelJS's own methods in the order of its `XLSX.prototype.write`
 * (exceljs 4.4.0, lib/xlsx/xlsx.js); a test compares the parts with what ExcelJS's writeBuffer
 * writes, so an ExcelJS that changes them is noticed. `edit` may rewrite a part on its way (the
 * chart references, charts.ts) and `more` adds parts at the end.
 */
import type { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import { ZipFile } from 'yazl';
import { Workbook } from './exceljs';

/** What may be done to the parts on their way into the zip. */
export interface PartEditor {
  /** The part's text as it goes in (unchanged if this editor has nothing to do with it). */
  edit(name: string, xml: string): string;
  /** Parts to add once ExcelJS's are all in. */
  more(): Array<{ name: string; xml: string }>;
}

/**
 * A sheet made on its own: it adds its sheet to the empty workbook it is given, and that workbook
 * is let go once the sheet is rendered, so only one sheet's cells are held at a time (a nation's
 * summary held all eight sheets' 557,000 cells, twice over in ExcelJS's model: 850 MB). It may
 * leave a long table's rows to a `SheetBody`, made a slice at a time as they are rendered.
 */
export type SheetMaker = (workbook: ExcelJS.Workbook) => SheetBody | void;

/**
 * Rows `first` to `last` (numbered from 1) of the sheet, left unmade: `fill(from, to)` makes those
 * rows, as the sheet's own methods would, just before they are rendered, and they are let go once
 * rendered. A nation's Trùng lặp sheet (55,714 rows) held 148 MB of ExcelJS's cells at once.
 */
export interface SheetBody {
  first: number;
  last: number;
  fill(from: number, to: number): void;
}

/** ExcelJS's writer object (`workbook.xlsx`) as far as its render steps go; they take a zip with `append`. */
interface Renderer {
  prepareModel(model: unknown, options: object): void;
  [step: string]: unknown;
}

/** ExcelJS's workbook model, as far as this writer reads and changes it. */
interface Model {
  worksheets: SheetModel[];
  sharedStrings: unknown;
  styles: unknown;
  properties: { date1904?: boolean };
  media: unknown;
  tables: unknown[];
}
interface SheetModel {
  id: number;
  rows: unknown[];
  /** The range the rows cover (`<dimension>`). */
  dimensions?: unknown;
  tables: Array<{ target?: string; id?: number }>;
  rels?: unknown[];
  comments: unknown[];
}
interface Xform {
  prepare(model: unknown, options?: object): void;
  render(xml: unknown, model: unknown): void;
}
/** ExcelJS's model of a row (lib/doc/row.js `get model`), as far as this writer reads it. */
interface RowModel {
  number: number;
  min: number;
  max: number;
}
/** ExcelJS's worksheet, its rows as it keeps them (sparse, by row number less one): lib/doc/worksheet.js. */
interface MadeSheet {
  _rows: Array<{ model: RowModel | null } | undefined>;
  readonly model: SheetModel;
}

/* eslint-disable @typescript-eslint/no-require-imports -- ExcelJS's own renderers, below its index (as ./exceljs.ts loads its workbook) */
const XmlStream: new () => { xml: string } = require('exceljs/lib/utils/xml-stream');
const WorkbookXform: new () => Xform = require('exceljs/lib/xlsx/xform/book/workbook-xform');
const WorksheetXform: new () => Xform = require('exceljs/lib/xlsx/xform/sheet/worksheet-xform');
const RelationshipsXform: new () => Xform = require('exceljs/lib/xlsx/xform/core/relationships-xform');
const CommentsXform: new () => Xform = require('exceljs/lib/xlsx/xform/comment/comments-xform');
const VmlNotesXform: new () => Xform = require('exceljs/lib/xlsx/xform/comment/vml-notes-xform');
const RowXform: new () => { prepare(model: RowModel, options: object): void; render(xml: unknown, model: RowModel, index: number): void } = require('exceljs/lib/xlsx/xform/sheet/row-xform');
const Range: new () => { expand(top: number, left: number, bottom: number, right: number): void } = require('exceljs/lib/doc/range');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Rows prepared and rendered this many at a time. */
const ROWS_A_SLICE = 2000;

/**
 * A made sheet's model, its rows left out, and in place of ExcelJS's list of rows (WorksheetXform's
 * `map.sheetData`) one that prepares and renders them a slice at a time, as ExcelJS's would
 * (lib/xlsx/xform/list-xform.js: `<sheetData/>` when there are none), letting each slice's cells go
 * once rendered. ExcelJS's `worksheet.model` makes every row's model at once, on top of the cells,
 * and the sheet was rendered from them: at a nation's size the Trùng lặp sheet's 55,714 rows (README, issue #31).
 */
function slicedSheet(made: MadeSheet, sheetXform: { map: Record<string, unknown> }, rowsASlice: number, body: SheetBody | undefined): SheetModel {
  // The model with no rows: ExcelJS's getter would make every row's.
  const rows = made._rows;
  made._rows = [];
  const sheet = made.model;
  made._rows = rows;
  const rowXform = new RowXform();
  const slices: string[] = [];
  let count = 0;
  sheetXform.map.sheetData = {
    prepare(_none: unknown, options: object) {
      const dimensions = new Range(); // as ExcelJS's `worksheet.model` works it out, from the rows' models
      const end = Math.max(rows.length, body?.last ?? 0);
      for (let from = 0; from < end; from += rowsASlice) {
        const to = Math.min(end, from + rowsASlice);
        // The body's rows of this slice made now, into `rows` (the sheet's own list): row i is numbered i + 1.
        if (body && Math.max(from + 1, body.first) <= Math.min(to, body.last)) body.fill(Math.max(from + 1, body.first), Math.min(to, body.last));
        const xml = new XmlStream();
        for (let i = from; i < to; i++) {
          const model = rows[i]?.model;
          rows[i] = undefined;
          if (!model) continue;
          dimensions.expand(model.number, model.min, model.number, model.max);
          rowXform.prepare(model, options);
          rowXform.render(xml, model, count++);
        }
        slices.push(xml.xml);
      }
      sheet.dimensions = dimensions;
    },
    render(xml: { openNode(tag: string): void; closeNode(): void; leafNode(tag: string): void; writeXml(text: string): void }) {
      if (count === 0) return xml.leafNode('sheetData');
      xml.openNode('sheetData');
      for (const slice of slices.splice(0)) xml.writeXml(slice);
      xml.closeNode();
    },
  };
  return sheet;
}

const rendered = (xform: Xform, model: unknown) => {
  const xml = new XmlStream();
  xform.render(xml, model);
  return xml.xml;
};

/** ExcelJS's steps before and after the worksheets (`addWorksheets` is done here, a sheet at a time). */
const BEFORE = ['addContentTypes', 'addOfficeRels', 'addWorkbookRels'] as const;
const AFTER = ['addSharedStrings', 'addDrawings', 'addTables', 'addThemes', 'addStyles', 'addMedia', 'addApp', 'addCore', 'addWorkbook'] as const;

/** Fastest deflate: a summary is written often and read once; level 1 costs a little size, not legibility. */
const LEVEL = 1;

/**
 * The workbook as .xlsx bytes, streamed; an error while rendering destroys the stream with it.
 * Its own sheets come first, then those `sheets` make, each rendered as soon as it is made.
 */
export function writeXlsx(workbook: ExcelJS.Workbook, editor: PartEditor, made: Date = new Date(), sheets: Iterable<SheetMaker> = [], rowsASlice = ROWS_A_SLICE): Readable {
  const zip = new ZipFile();
  const add = (name: string, data: Buffer) => zip.addBuffer(data, name, { compressionLevel: LEVEL, mtime: made });
  const text = (name: string, xml: string) => Buffer.from(editor.edit(name, xml), 'utf8');
  const sink = {
    append(data: string | Buffer | Uint8Array, options: { name: string; base64?: boolean }) {
      if (typeof data !== 'string') add(options.name, Buffer.from(data));
      else if (options.base64) add(options.name, Buffer.from(data, 'base64'));
      else add(options.name, text(options.name, data));
    },
  };
  const out = zip.outputStream as Readable;
  (async () => {
    const xlsx = workbook.xlsx as unknown as Renderer;
    const model = (workbook as unknown as { model: Model }).model;
    const own = model.worksheets;
    model.worksheets = [];
    xlsx.prepareModel(model, {}); // the shared strings, the styles and the workbook's own parts, with no sheet yet
    // What ExcelJS's prepareModel gives every sheet's preparation (exceljs 4.4.0, lib/xlsx/xlsx.js), shared by all of them.
    const options = { sharedStrings: model.sharedStrings, styles: model.styles, date1904: model.properties.date1904, drawingsCount: 0, media: model.media, drawings: [] as unknown[], commentRefs: [] as unknown[] };
    Object.assign(model, { drawings: options.drawings, commentRefs: options.commentRefs });
    // Each sheet is prepared and rendered as ExcelJS's prepareModel and addWorksheets do it; its parts wait, as bytes, for their place after the workbook's.
    const sheetParts: Array<{ name: string; data: Buffer }> = [];
    let lastId = Math.max(0, ...own.map((sheet) => sheet.id));
    const render = (sheet: SheetModel, sheetXform: Xform = new WorksheetXform()) => {
      for (const table of sheet.tables) {
        model.tables.push(table);
        table.id = model.tables.length;
        table.target = `table${table.id}.xml`;
      }
      sheetXform.prepare(sheet, options);
      const part = (name: string, xform: Xform, of: unknown) => sheetParts.push({ name, data: text(name, rendered(xform, of)) });
      part(`xl/worksheets/sheet${sheet.id}.xml`, sheetXform, sheet);
      if (sheet.rels?.length) part(`xl/worksheets/_rels/sheet${sheet.id}.xml.rels`, new RelationshipsXform(), sheet.rels);
      if (sheet.comments.length > 0) {
        part(`xl/comments${sheet.id}.xml`, new CommentsXform(), sheet);
        part(`xl/drawings/vmlDrawing${sheet.id}.vml`, new VmlNotesXform(), sheet);
      }
      sheet.rows = []; // rendered: the later parts need the sheet's name, tables and settings, not its cells
      model.worksheets.push(sheet);
    };
    for (const sheet of own) render(sheet);
    for (const make of sheets) {
      const scratch = new Workbook();
      const body = make(scratch) ?? undefined;
      if (body && scratch.worksheets.length !== 1) throw new Error('a sheet body belongs to a maker of one sheet');
      for (const made of scratch.worksheets) {
        const sheetXform = new WorksheetXform();
        const sheet = slicedSheet(made as unknown as MadeSheet, sheetXform as unknown as { map: Record<string, unknown> }, rowsASlice, body);
        sheet.id = ++lastId; // its place in this workbook, not in the scratch one
        render(sheet, sheetXform);
      }
      await nextTurn();
    }
    new WorkbookXform().prepare(model); // the sheets' print titles, now that every sheet is there
    for (const step of BEFORE) await (xlsx[step] as (zip: unknown, model: unknown) => Promise<void>).call(xlsx, sink, model);
    for (const { name, data } of sheetParts.splice(0)) add(name, data);
    await nextTurn();
    for (const step of AFTER) {
      await (xlsx[step] as (zip: unknown, model: unknown) => Promise<void>).call(xlsx, sink, model);
      // Let the zip send what is deflated before the next part is rendered.
      await nextTurn();
    }
    for (const part of editor.more()) add(part.name, Buffer.from(part.xml, 'utf8'));
    zip.end();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/**
 * An Excel table whose rows are a SheetBody's. ExcelJS's `addTable` writes every row's cells at once
 * (exceljs 4.4.0, lib/doc/table.js `store`), so the table is added with its header alone, then given
 * its rows and its range worked out again from them (`validate`, which reads only how many there are).
 */
export function addTableOfBody(sheet: ExcelJS.Worksheet, table: ExcelJS.TableProperties): void {
  const added = sheet.addTable({ ...table, rows: [] }) as unknown as { table: { rows: unknown[][] }; validate(): void };
  added.table.rows = table.rows;
  added.validate();
}

/** No edits, no parts added. */
export const AS_IS: PartEditor = { edit: (_name, xml) => xml, more: () => [] };

/** A stream's bytes, whole. */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Several editors, each seeing the part as the one before left it. */
export function combined(...editors: PartEditor[]): PartEditor {
  return { edit: (name, xml) => editors.reduce((text, e) => e.edit(name, text), xml), more: () => editors.flatMap((e) => e.more()) };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The file's properties in Vietnamese: ExcelJS writes the application as "Microsoft Excel"
 * (lib/xlsx/xform/core/app-xform.js) and every note's author as "Author"
 * (lib/xlsx/xform/comment/comments-xform.js), whoever made the file. `by`: the organiser or the account.
 */
export function propertiesEditor(by: string): PartEditor {
  return {
    edit(name, xml) {
      if (name === 'docProps/app.xml') return xml.replace('<Application>Microsoft Excel</Application>', '<Application>Phụ lục</Application>');
      if (/^xl\/comments\d+\.xml$/.test(name)) return xml.replace(/<author>Author<\/author>/g, `<author>${escapeXml(by)}</author>`);
      return xml;
    },
    more: () => [],
  };
}
