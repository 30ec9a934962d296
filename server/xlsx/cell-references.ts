/**
 * Rows and cells without their `r` reference. OOXML lets a writer leave it out (the row is then
 * the one after the previous row, the cell the one after the previous cell: ECMA-376 Part 1,
 * §18.3.1.73 row and §18.3.1.4 c, where `r` is optional); web systems and streaming writers do.
 * ExcelJS cannot place such a cell and throws, so the officer would be told a valid file is
 * corrupt: the references are written in before ExcelJS reads the sheet.
 */
import { columnLetter, columnNumber } from '../../core/reader/layout';

const MISSING = /<(?:c|row)(?=[\s>/])(?![^>]*\sr=)/;
const TAG = /<(row|c)(?=[\s>/])([^>]*?)(\/?)>/g;

export function withCellReferences(xml: Buffer): Buffer {
  const text = xml.toString('latin1');
  if (!MISSING.test(text)) return xml;
  let row = 0;
  let column = 0;
  const out = text.replace(TAG, (whole: string, tag: string, attributes: string, slash: string) => {
    if (tag === 'row') {
      const own = /\sr="(\d+)"/.exec(attributes);
      row = own ? Number(own[1]) : row + 1;
      column = 0;
      return own ? whole : `<row r="${row}"${attributes}${slash}>`;
    }
    const own = /\sr="([A-Z]+)\d+"/.exec(attributes);
    if (own) {
      column = columnNumber(own[1] as string);
      return whole;
    }
    column++;
    return `<c r="${columnLetter(column - 1)}${row}"${attributes}${slash}>`;
  });
  return Buffer.from(out, 'latin1');
}
