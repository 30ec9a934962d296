/**
 * A document model of core/documents/award-documents.ts as a .docx, with the `docx` library, laid out as
 * Nghị định 30/2020/NĐ-CP (Phụ lục I) lays out an administrative document: A4 with its margins
 * (top and bottom 20 mm, left 30 mm, right 15 mm), Times New Roman; the heading in two columns:
 * the superior and the issuing body with its short rule on the left, the national title and motto,
 * each on one line, with the motto's rule on the right; the number and the place-date line; the
 * title; the body justified at 14 pt; the table (columns sized by what they hold, header repeated,
 * no row split across pages); the signature with its authority, and "Nơi nhận"; page numbers
 * from the second page.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  PageNumber,
  PageOrientation,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { DocumentModel } from '../../core/documents/award-documents';
import { headingLines } from '../../core/documents/document-settings';

const FONT = 'Times New Roman';
/** Half-points. */
const PT = (points: number) => points * 2;
const MM = (mm: number) => Math.round((mm / 25.4) * 1440); // twips
const MARGINS = { top: MM(20), bottom: MM(20), left: MM(30), right: MM(15) };
/** A4, upright or (the minutes' table of members) across. */
const pageOf = (model: DocumentModel) => (model.landscape ? { width: MM(297), height: MM(210) } : { width: MM(210), height: MM(297) });
/** The docx library takes the upright size and swaps it for a landscape page itself (createPageSize). */
const A4_PAGE_SIZE = (model: DocumentModel) => ({ width: MM(210), height: MM(297), orientation: model.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT });
const textWidth = (model: DocumentModel) => pageOf(model).width - MARGINS.left - MARGINS.right;

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}
const run = (value: string, style: RunStyle = {}) => new TextRun({ text: value, font: FONT, size: PT(style.size ?? 14), bold: style.bold ?? false, italics: style.italics ?? false });
const line = (value: string, style: RunStyle & { align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({ alignment: style.align ?? AlignmentType.CENTER, children: [run(value, style)] });
/** A centred rule under the line above, `share` of its column wide (the decree's short solid line). */
const rule = (columnWidth: number, share: number) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    indent: { left: Math.round((columnWidth * (1 - share)) / 2), right: Math.round((columnWidth * (1 - share)) / 2) },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    spacing: { after: 120 },
    children: [],
  });
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE };

/** Two columns without borders, of the given widths (twips): the heading and the signature. */
function twoColumns(widths: [number, number], rows: Array<[Paragraph[], Paragraph[]]>): Table {
  return new Table({
    width: { size: widths[0] + widths[1], type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: rows.map(
      ([left, right]) =>
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({ children: left, borders: NO_BORDERS, width: { size: widths[0], type: WidthType.DXA } }),
            new TableCell({ children: right, borders: NO_BORDERS, width: { size: widths[1], type: WidthType.DXA } }),
          ],
        }),
    ),
  });
}

function heading(model: DocumentModel): Table {
  const width = textWidth(model);
  const widths: [number, number] = [Math.round(width * 0.36), width - Math.round(width * 0.36)];
  const rows: Array<[Paragraph[], Paragraph[]]> = [
    [
      [...headingLines(model.heading.superior).map((text) => line(text, { size: 12 })), line(model.heading.issuer, { size: 12, bold: true }), rule(widths[0], 0.35)],
      // The national title at 12 pt fits one line of the right column; the motto at 13 pt, with its rule.
      [line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 12, bold: true }), line('Độc lập - Tự do - Hạnh phúc', { size: 13, bold: true }), rule(widths[1], 0.52)],
    ],
  ];
  if (model.number || model.placeDate) rows.push([[line(model.number ?? '', { size: 13 })], [line(model.placeDate ?? '', { size: 13, italics: true })]]);
  return twoColumns(widths, rows);
}

function table(model: DocumentModel): Table {
  const { headers, widths, noWrap, right, rows, footer } = model.table;
  const total = widths.reduce((a, b) => a + b, 0);
  const twips = widths.map((w) => Math.floor((textWidth(model) * w) / total));
  const cell = (value: string, column: number, style: RunStyle & { header?: boolean }) =>
    new TableCell({
      width: { size: twips[column]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 40, bottom: 40 },
      children: [
        new Paragraph({
          alignment: style.header ? AlignmentType.CENTER : right.includes(column) ? AlignmentType.RIGHT : column === 0 ? AlignmentType.CENTER : AlignmentType.LEFT,
          // A figure never breaks: its spaces are no-break spaces.
          children: [run(noWrap.includes(column) && !style.header ? value.replace(/ /g, '\u00a0') : value, { size: 12, bold: style.bold ?? false })],
        }),
      ],
    });
  const row = (cells: string[], style: RunStyle & { header?: boolean } = {}) =>
    new TableRow({ tableHeader: style.header ?? false, cantSplit: true, children: cells.map((value, i) => cell(value, i, style)) });
  return new Table({
    width: { size: textWidth(model), type: WidthType.DXA },
    columnWidths: twips,
    layout: TableLayoutType.FIXED,
    rows: [row(headers, { header: true, bold: true }), ...rows.map((r) => row(r)), ...(footer ? [row(footer, { bold: true })] : [])],
  });
}

function signature(model: DocumentModel): Table | null {
  if (!model.signature && !model.recipients) return null;
  const width = textWidth(model);
  const widths: [number, number] = [Math.round(width * 0.5), width - Math.round(width * 0.5)];
  const signs = (authority: string, title: string, name: string) => [
    ...(authority ? [line(authority, { bold: true })] : []),
    line(title, { bold: true }),
    ...[1, 2, 3, 4].map(() => new Paragraph({ children: [] })),
    line(name, { bold: true }),
  ];
  const left = model.recipients
    ? [new Paragraph({ children: [run('Nơi nhận:', { size: 12, bold: true, italics: true })] }), ...model.recipients.map((r) => new Paragraph({ children: [run(`- ${r}`, { size: 11 })] }))]
    : model.secretary
      ? signs('', model.secretary.title, model.secretary.name)
      : [new Paragraph({ children: [] })];
  const signer = model.signature;
  const right = signer ? signs(signer.authority, signer.title, signer.name) : [new Paragraph({ children: [] })];
  return twoColumns(widths, [[left, right]]);
}

export async function documentBytes(model: DocumentModel): Promise<Buffer> {
  const pageNumber = new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ font: FONT, size: PT(13), children: [PageNumber.CURRENT] })] })] });
  const body = (value: string) => {
    const isHeading = /^[IVX]+\. /.test(value);
    return new Paragraph({
      alignment: isHeading ? AlignmentType.LEFT : AlignmentType.JUSTIFIED,
      indent: isHeading ? {} : { firstLine: MM(10) },
      spacing: { before: 60, after: 60 },
      children: [run(value, { bold: isHeading || value.startsWith('TẠM TÍNH') })],
    });
  };
  const signed = signature(model);
  const document = new Document({
    creator: model.heading.issuer,
    lastModifiedBy: model.heading.issuer,
    title: model.title.join(' '),
    description: 'Lập bằng Phụ lục',
    styles: { default: { document: { run: { font: FONT, size: PT(14) } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: A4_PAGE_SIZE(model), margin: MARGINS } },
        // Page numbers from the second page, centred at the top (the decree's place for them).
        headers: { default: pageNumber, first: new Header({ children: [] }) },
        children: [
          heading(model),
          ...model.title.map((text, i) => line(text, { bold: i < 2, italics: i >= 2 })),
          rule(textWidth(model), 0.25),
          ...model.before.map(body),
          table(model),
          ...model.after.map(body),
          new Paragraph({ children: [] }),
          ...(signed ? [signed] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
