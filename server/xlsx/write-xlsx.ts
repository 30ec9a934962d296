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
import type ExcelJS from 'exceljs';
import { ZipFile } from 'yazl';

/** What may be done to the parts on their way into the zip. */
export interface PartEditor {
  /** The part's text as it goes in (unchanged if this editor has nothing to do with it). */
  edit(name: string, xml: string): string;
  /** Parts to add once ExcelJS's are all in. */
  more(): Array<{ name: string; xml: string }>;
}

/** ExcelJS's writer object (`workbook.xlsx`) as far as its render steps go; they take a zip with `append`. */
interface Renderer {
  prepareModel(model: unknown, options: object): void;
  [step: string]: unknown;
}

const STEPS = ['addContentTypes', 'addOfficeRels', 'addWorkbookRels', 'addWorksheets', 'addSharedStrings', 'addDrawings', 'addTables', 'addThemes', 'addStyles', 'addMedia', 'addApp', 'addCore', 'addWorkbook'] as const;

/** Fastest deflate: a summary is written often and read once; level 1 costs a little size, not legibility. */
const LEVEL = 1;

/** The workbook as .xlsx bytes, streamed; an error while rendering destroys the stream with it. */
export function writeXlsx(workbook: ExcelJS.Workbook, editor: PartEditor, made: Date = new Date()): Readable {
  const zip = new ZipFile();
  const add = (name: string, data: Buffer) => zip.addBuffer(data, name, { compressionLevel: LEVEL, mtime: made });
  const sink = {
    append(data: string | Buffer | Uint8Array, options: { name: string; base64?: boolean }) {
      if (typeof data !== 'string') add(options.name, Buffer.from(data));
      else if (options.base64) add(options.name, Buffer.from(data, 'base64'));
      else add(options.name, Buffer.from(editor.edit(options.name, data), 'utf8'));
    },
  };
  const out = zip.outputStream as Readable;
  (async () => {
    const xlsx = workbook.xlsx as unknown as Renderer;
    const { model } = workbook as unknown as { model: unknown };
    xlsx.prepareModel(model, {});
    for (const step of STEPS) {
      await (xlsx[step] as (zip: unknown, model: unknown) => Promise<void>).call(xlsx, sink, model);
      // Let the zip send what is deflated before the next part is rendered.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    for (const part of editor.more()) add(part.name, Buffer.from(part.xml, 'utf8'));
    zip.end();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
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
