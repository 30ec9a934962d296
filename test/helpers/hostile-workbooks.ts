/**
 * Hostile workbooks, made by the tests: each is a legal .xlsx (a zip with the parts Excel writes)
 * that costs a reader far more than its size, as measured against the server in issue #11.
 */
import { columnLetter } from '../../core/reader/layout';
import { makeZip, type ZipItem } from './zip';

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawWorkbook {
  /** The inside of each sheet's <sheetData>. */
  sheets: string[];
  /** Written after <sheetData> in every sheet (merges, validations). */
  afterSheetData?: string;
  sharedStrings?: Buffer;
  styles?: Buffer;
}

/** A minimal .xlsx from raw parts, as another program than Excel might write it. */
export function rawWorkbook(book: RawWorkbook): Buffer {
  const sheetNames = book.sheets.map((_, i) => `Trang ${i + 1}`);
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`,
    ...book.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`),
    book.sharedStrings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` : '',
    book.styles ? `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` : '',
  ].join('');
  const rels = [
    ...book.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`),
    book.sharedStrings ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '',
    book.styles ? `<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>` : '',
  ].join('');
  const items: ZipItem[] = [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
      ),
    },
    { name: '_rels/.rels', data: Buffer.from(`${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(`${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheetNames.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
    },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(`${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`) },
    ...book.sheets.map((data, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: Buffer.from(`${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${data}</sheetData>${book.afterSheetData ?? ''}</worksheet>`),
    })),
  ];
  if (book.sharedStrings) items.push({ name: 'xl/sharedStrings.xml', data: book.sharedStrings });
  if (book.styles) items.push({ name: 'xl/styles.xml', data: book.styles });
  return makeZip(items);
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** `sheets` sheets, each with a value in A1 and one in BH50000: tiny, but 3 million cells if allocated by dimensions. */
export function farCells(sheets: number): Buffer {
  const sheet = `<row r="1">${inline('A1', 'a')}</row><row r="50000">${inline('BH50000', 'b')}</row>`;
  return rawWorkbook({ sheets: Array.from({ length: sheets }, () => sheet) });
}

/** A shared-strings part of `count` one-letter strings. */
export function sharedStringsBomb(count: number): Buffer {
  const strings = Buffer.from(`${XML}<sst xmlns="${MAIN}" count="${count}" uniqueCount="${count}">${'<si><t>a</t></si>'.repeat(count)}</sst>`);
  return rawWorkbook({ sheets: [`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`], sharedStrings: strings });
}

/** A styles part of `count` cell formats. */
export function stylesBomb(count: number): Buffer {
  const styles = Buffer.from(
    `${XML}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellXfs count="${count}">${'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'.repeat(count)}</cellXfs></styleSheet>`,
  );
  return rawWorkbook({ sheets: [`<row r="1">${inline('A1', 'a')}</row>`], styles });
}

/** One sheet of `rows` × 50 numeric cells. */
export function cellsBomb(rows: number): Buffer {
  const row = (r: number) => `<row r="${r}">${Array.from({ length: 50 }, (_, c) => `<c r="${columnLetter(c)}${r}"><v>1</v></c>`).join('')}</row>`;
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++) parts.push(row(r));
  return rawWorkbook({ sheets: [parts.join('')] });
}

/** A merged area over the whole sheet: ExcelJS would make an object for each of its 17 billion cells. */
export function mergeBomb(): Buffer {
  return rawWorkbook({ sheets: [`<row r="1">${inline('A1', 'a')}</row>`], afterSheetData: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' });
}

/**
 * A small Phụ lục whose shared-strings table holds one text of Excel's largest cell (32,767
 * characters), pointed at by the Ghi chú cell of `rows` entries: 217 KB at 10,000 rows, but a copy
 * of the text per cell in any answer that carries the entries (issue #27).
 */
export function repeatedTextBomb(rows: number): Buffer {
  const header = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
  const long = 'Ghi chú rất dài. '.repeat(2_000).slice(0, 32_767);
  const strings = [...header, long];
  const sst = Buffer.from(`${XML}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`);
  const shared = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
  const parts = [`<row r="1">${header.map((_, c) => shared(`${columnLetter(c)}1`, c)).join('')}</row>`];
  for (let r = 2; r <= rows + 1; r++) {
    parts.push(
      `<row r="${r}"><c r="A${r}"><v>${r - 1}</v></c>${inline(`B${r}`, 'Phường 1')}${inline(`C${r}`, `Mô hình ${r - 1}`)}${inline(`D${r}`, 'Cải cách thủ tục hành chính')}${inline(`E${r}`, 'Thực trạng: chậm. Nội dung: nhanh. Hiệu quả: tốt. Tính mới: có.')}${shared(`F${r}`, strings.length - 1)}</row>`,
    );
  }
  return rawWorkbook({ sheets: [parts.join('')], sharedStrings: sst });
}
