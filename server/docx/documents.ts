/**
 * A document model of core/award-documents.ts as a .docx, with the `docx` library: the organiser
 * and the national motto side by side, the title, the text, the table (header repeated on every
 * page, the total in bold), the two signatures. A4, Times New Roman 13 as official papers are.
 */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { DocumentModel } from '../../core/award-documents';

const FONT = 'Times New Roman';
const SIZE = 26; // half-points: 13 pt

const text = (value: string, options: { bold?: boolean; italics?: boolean } = {}) => new TextRun({ text: value, font: FONT, size: SIZE, ...options });
const centred = (value: string, options: { bold?: boolean; italics?: boolean } = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children: [text(value, options)] });
const NO_BORDERS = { top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } };

/** Two columns without borders: the heading and the signatures are laid out this way on official papers. */
function sideBySide(left: Paragraph[], right: Paragraph[]): Table {
  const cell = (children: Paragraph[]) => new TableCell({ children, borders: NO_BORDERS, width: { size: 50, type: WidthType.PERCENTAGE } });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ children: [cell(left), cell(right)] })] });
}

function table(model: DocumentModel): Table {
  const row = (cells: string[], options: { header?: boolean; bold?: boolean } = {}) =>
    new TableRow({
      tableHeader: options.header ?? false,
      children: cells.map((value, i) => new TableCell({ children: [new Paragraph({ alignment: i === cells.length - 1 && !options.header ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [text(value, { bold: options.bold ?? false })] })] })),
    });
  const { headers, rows, footer } = model.table;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(headers, { header: true, bold: true }), ...rows.map((r) => row(r)), ...(footer ? [row(footer, { bold: true })] : [])],
  });
}

export async function documentBytes(model: DocumentModel): Promise<Buffer> {
  const document = new Document({
    creator: 'Phụ lục',
    title: model.title.join(' '),
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } },
        children: [
          sideBySide([centred(model.organiser, { bold: true })], [centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true }), centred('Độc lập - Tự do - Hạnh phúc', { bold: true })]),
          new Paragraph({ children: [] }),
          ...model.title.map((line, i) => centred(line, { bold: i < 2, italics: i === 2 })),
          new Paragraph({ children: [] }),
          ...model.before.map((line) => new Paragraph({ spacing: { after: 120 }, children: [text(line, { bold: /^[IVX]+\. /.test(line) || line.startsWith('TẠM TÍNH') })] })),
          table(model),
          ...model.after.map((line) => new Paragraph({ spacing: { before: 120 }, children: [text(line)] })),
          new Paragraph({ children: [] }),
          sideBySide([centred(model.signatures[0], { bold: true }), centred('(Ký, ghi rõ họ tên)', { italics: true })], [centred(model.signatures[1], { bold: true }), centred('(Ký tên, đóng dấu)', { italics: true })]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
