/**
 * Native Excel bar charts in the summary workbook. ExcelJS writes no charts, and no maintained
 * library adds them to a workbook it wrote (xlsx-chart builds standalone chart files from its own
 * templates; SheetJS's charts are not in its free edition), so the chart parts are written here
 * from ECMA-376 Part 1 (§21.2 DrawingML Charts, §20.5 SpreadsheetML Drawing): for each sheet with
 * a chart, a chart part, a drawing that anchors it beside the table, and the relationships and
 * content types that tie them in. The formulas point at the table's cells, and the caches carry
 * the values, so a program that does not recalculate (LibreOffice's converter) still draws it.
 */
import { columnLetter } from '../../core/reader/layout';
import { chartPlacement, type SheetValue, type SummaryTable } from '../../core/consolidation/sheet-layout';
import type { PartEditor } from './write-xlsx';

const CHART_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const DRAWING_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** `'Theo đơn vị'!$A$7:$A$24`: a sheet name in quotes (a quote inside doubled). */
const ref = (sheet: string, column: number, from: number, rows: number) =>
  `'${sheet.replace(/'/g, "''")}'!$${columnLetter(column)}$${from + 1}:$${columnLetter(column)}$${from + rows}`;

function chartXml(t: SummaryTable, place: NonNullable<ReturnType<typeof chartPlacement>>): string {
  const { categories, values } = place;
  const points = (column: number, kind: 'str' | 'num') =>
    t.rows
      .map((row, i) => {
        const value: SheetValue = row[column] ?? null;
        return value === null || value === '' ? '' : `<c:pt idx="${i}"><c:v>${escape(kind === 'num' ? String(Number(value)) : String(value))}</c:v></c:pt>`;
      })
      .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}"><c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${escape(t.chart!.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>${escape(ref(t.sheet, values.column, place.header, 1))}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${escape(t.headers[values.column] ?? '')}</c:v></c:pt></c:strCache></c:strRef></c:tx><c:invertIfNegative val="0"/><c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls><c:cat><c:strRef><c:f>${escape(ref(t.sheet, categories.column, categories.row, categories.rows))}</c:f><c:strCache><c:ptCount val="${categories.rows}"/>${points(categories.column, 'str')}</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>${escape(ref(t.sheet, values.column, values.row, values.rows))}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.rows}"/>${points(values.column, 'num')}</c:numCache></c:numRef></c:val></c:ser><c:gapWidth val="60"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart><c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx><c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="t"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`;
}

function drawingXml(place: NonNullable<ReturnType<typeof chartPlacement>>, name: string): string {
  const at = (p: { row: number; column: number }) => `<xdr:col>${p.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor editAs="oneCell"><xdr:from>${at(place.from)}</xdr:from><xdr:to>${at(place.to)}</xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="${escape(name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${REL}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`;
}

const RELS_EMPTY = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;

/**
 * The chart of each table that has one (`tables[i]` on sheet i + 1), added to the workbook as its
 * parts are written (write-xlsx.ts): the sheet gets a drawing, its relationships point at it, the
 * content types name the new parts, and the chart, drawing and drawing relationships are added.
 */
export function chartEditor(tables: ReadonlyArray<SummaryTable>): PartEditor {
  const charts = tables.flatMap((t, i) => {
    const place = chartPlacement(t);
    return place ? [{ t, place, sheet: i + 1 }] : [];
  });
  const bySheet = new Map(charts.map((c, n) => [c.sheet, n + 1]));
  const related = new Set<number>();
  const sheetOf = (name: string, pattern: RegExp) => Number(pattern.exec(name)?.[1] ?? 0);
  const relationship = (n: number) => `<Relationship Id="rIdChart${n}" Type="${REL}/drawing" Target="../drawings/drawing${n}.xml"/></Relationships>`;
  return {
    edit(name, xml) {
      if (name === '[Content_Types].xml') {
        const overrides = charts.map((_, i) => `<Override PartName="/xl/charts/chart${i + 1}.xml" ContentType="${CHART_TYPE}"/><Override PartName="/xl/drawings/drawing${i + 1}.xml" ContentType="${DRAWING_TYPE}"/>`);
        return xml.replace('</Types>', `${overrides.join('')}</Types>`);
      }
      const rels = bySheet.get(sheetOf(name, /^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/));
      if (rels !== undefined) {
        related.add(rels);
        return xml.replace('</Relationships>', relationship(rels));
      }
      const n = bySheet.get(sheetOf(name, /^xl\/worksheets\/sheet(\d+)\.xml$/));
      if (n === undefined) return xml;
      // CT_Worksheet's order: drawing comes before legacyDrawing (notes) and tableParts.
      const at = Math.min(...['<legacyDrawing', '<tableParts', '</worksheet>'].map((tag) => xml.indexOf(tag)).filter((i) => i >= 0));
      const withNs = xml.includes(`xmlns:r="${REL}"`) ? xml : xml.replace('<worksheet ', `<worksheet xmlns:r="${REL}" `);
      const shift = withNs.length - xml.length;
      return `${withNs.slice(0, at + shift)}<drawing r:id="rIdChart${n}"/>${withNs.slice(at + shift)}`;
    },
    more() {
      return charts.flatMap(({ t, place, sheet }, i) => {
        const n = i + 1;
        return [
          { name: `xl/charts/chart${n}.xml`, xml: chartXml(t, place) },
          { name: `xl/drawings/drawing${n}.xml`, xml: drawingXml(place, t.chart!.title) },
          { name: `xl/drawings/_rels/drawing${n}.xml.rels`, xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/chart" Target="../charts/chart${n}.xml"/></Relationships>` },
          // A sheet ExcelJS wrote no relationships for gets its own, with the drawing only.
          ...(related.has(n) ? [] : [{ name: `xl/worksheets/_rels/sheet${sheet}.xml.rels`, xml: RELS_EMPTY.replace('</Relationships>', relationship(n)) }]),
        ];
      });
    },
  };
}
