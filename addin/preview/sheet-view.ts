/**
 * The "Xem thử" page's stand-in for Excel's grid: the active sheet of the simulated workbook as an
 * HTML table (fills, notes as tooltips, the selected cell outlined), with cells one can type into.
 * Only for trying the task pane without Excel; plain DOM, no framework.
 */
import { columnName, type SimSheet } from './excel-sim';
import type { PreviewHost } from './office-sim';

const MAX_ROWS = 200;
/** As many columns as the reader reads (60): the score sheet's Tổng and Nhận xét are past the twelfth. */
const MAX_COLUMNS = 60;

/** True while the view itself writes a typed value: the table on screen already shows it. */
let typing = false;

export function showSheet(root: HTMLElement, preview: PreviewHost): void {
  const render = () => {
    if (typing) return; // redrawing now would steal the focus from the cell clicked next
    const { workbook } = preview.host;
    const sheet = workbook.sheets.find((s) => s.name === workbook.activeSheet) ?? workbook.sheets[0];
    root.replaceChildren(tabs(preview), ...(sheet ? [table(sheet, preview)] : []));
  };
  preview.onChange(render);
  render();
}

function tabs(preview: PreviewHost): HTMLElement {
  const bar = document.createElement('nav');
  bar.className = 'sheet-tabs';
  for (const sheet of preview.host.workbook.sheets.filter((s) => s.visibility === 'Visible')) {
    const button = document.createElement('button');
    button.textContent = sheet.name;
    button.setAttribute('aria-pressed', String(sheet.name === preview.host.workbook.activeSheet));
    button.onclick = () => preview.activate(sheet.name);
    bar.append(button);
  }
  return bar;
}

function table(sheet: SimSheet, preview: PreviewHost): HTMLElement {
  // A loop, not map: a sheet's rows array has holes where rows are empty, and map keeps them (Math.max of a hole is NaN).
  let widest = 6;
  for (let r = 0; r < sheet.values.length; r++) widest = Math.max(widest, sheet.values[r]?.length ?? 0);
  const width = Math.min(MAX_COLUMNS, widest);
  const height = Math.min(MAX_ROWS, Math.max(20, sheet.values.length + 5));
  const selected = preview.host.workbook.selection?.sheet === sheet.name ? preview.host.workbook.selection.address : null;
  const grid = document.createElement('table');
  grid.className = 'sheet-grid';
  const head = grid.createTHead().insertRow();
  head.append(document.createElement('th'));
  for (let c = 0; c < width; c++) {
    if (sheet.hiddenColumns.has(c)) continue;
    const th = document.createElement('th');
    th.textContent = columnName(c);
    head.append(th);
  }
  const body = grid.createTBody();
  for (let r = 0; r < height; r++) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.textContent = String(r + 1);
    row.append(th);
    for (let c = 0; c < width; c++) {
      if (sheet.hiddenColumns.has(c)) continue;
      const address = `${columnName(c)}${r + 1}`;
      const cell = row.insertCell();
      cell.textContent = String(sheet.values[r]?.[c] ?? '');
      cell.contentEditable = 'true';
      cell.dataset.address = address;
      const fill = sheet.fills.get(address);
      if (fill) cell.style.background = fill;
      const note = sheet.notes.get(address);
      if (note) {
        cell.title = note;
        cell.classList.add('has-note');
      }
      if (address === selected) cell.classList.add('selected');
      cell.addEventListener('blur', () => {
        const text = cell.innerText.replace(/\n$/, '');
        if (text === String(sheet.values[r]?.[c] ?? '')) return;
        typing = true;
        try {
          void preview.type(sheet.name, address, text);
        } finally {
          typing = false;
        }
      });
    }
  }
  return grid;
}
