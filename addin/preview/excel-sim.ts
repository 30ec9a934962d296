/**
 * A simulated Excel host: an in-memory workbook behind the part of the Excel JavaScript API the
 * add-in uses, with Office.js's batching kept: calls queue commands that take effect only on
 * `context.sync()`, in order; a property can be read only after `load()` and a sync (Excel throws
 * PropertyNotLoaded otherwise); a missing sheet or note fails the sync as ItemNotFound. Every sync
 * is counted with the bytes its request and response would carry, and, like Excel on the web, a
 * sync over 5 MB either way fails (Request/ResponsePayloadSizeLimitExceeded). The request size is
 * an estimate: each command's arguments as JSON plus a fixed allowance for Office.js's own framing
 * (object paths, action ids).
 *
 * Each behaviour the add-in depends on has its own module under sim/, with the documentation it
 * comes from: typing.ts (values parsed as typed: formula, number, date serial; text in "@" cells),
 * requirements.ts (members gated by their requirement set: ApiNotFound), events.ts (onChanged for
 * the add-in's own writes too, triggerSource from 1.14; cell-edit mode and delayForCellEdit),
 * addresses.ts, model.ts (the workbook, hidden sheets, number formats), errors.ts.
 *
 * It is not Excel: no formulas are calculated, no rendering, no undo, one user. Pure TypeScript
 * with no Node imports, so jest, the benchmarks, the browser tests and the "Xem thử" page (the
 * task pane tried in a browser without Excel) all run the same host.
 */

import { cellKey, parseAddress, qualified, rectAddress, usedRect, type Rect } from './sim/addresses';
import { SimError, type SimValue } from './sim/errors';
import { changeEvent, type CellEdit, type ChangeHandler, type SimChange } from './sim/events';
import { newSheet, newWorkbook, type SimSheet, type SimStats, type SimWorkbook } from './sim/model';
import { gated, type ApiSets } from './sim/requirements';
import { putTyped, typed } from './sim/typing';

export { SimError, type SimValue } from './sim/errors';
export { columnName, parseAddress, rectAddress } from './sim/addresses';
export type { CellEdit, SimChange } from './sim/events';
export { newSheet, newWorkbook, sheetGrid, workbookFromJson, workbookToJson, type SimSheet, type SimStats, type SimWorkbook } from './sim/model';

// ---- the request context -----------------------------------------------------------------------

const utf8 = new TextEncoder();
const sizeOf = (value: unknown) => utf8.encode(JSON.stringify(value) ?? '').length;
/** Excel on the web's limit on one request or response. */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** Bytes Office.js adds per command (its object paths and action records), beyond the arguments. */
const COMMAND_OVERHEAD = 150;

interface Command {
  run: () => unknown;
  /** Bytes this command adds to the request. */
  bytes: number;
}

export class SimContext {
  private queue: Command[] = [];
  readonly workbook: SimWorkbookObject;

  constructor(
    readonly model: SimWorkbook,
    readonly stats: SimStats,
    readonly handlers: Set<ChangeHandler>,
    /** Minor version of the ExcelApi requirement sets claimed: 18 means ExcelApi 1.18. */
    readonly apiMinor: number,
    /** The host's answer to Office.context.requirements.isSetSupported. */
    readonly supports: (set: string, version: string) => boolean,
    /** Each member's requirement set (from @types/office-js); members above `apiMinor` throw ApiNotFound. */
    readonly apiSets: ApiSets | null = null,
    readonly cellEdit: CellEdit = { editing: false, ended: Promise.resolve(), end: () => undefined },
    /** Whether this batch asked for delayForCellEdit, and the host has the DelayForCellEdit set. */
    readonly delaysForCellEdit = false,
  ) {
    this.workbook = new SimWorkbookObject(this);
  }

  enqueue(description: unknown, run: () => unknown): void {
    this.queue.push({ run, bytes: sizeOf(description) + COMMAND_OVERHEAD });
  }

  async sync(): Promise<void> {
    if (this.cellEdit.editing) {
      if (!this.delaysForCellEdit) {
        this.queue = [];
        throw new SimError('InvalidOperationInCellEditMode', 'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.');
      }
      await this.cellEdit.ended;
    }
    const batch = this.queue;
    this.queue = [];
    this.changed = [];
    this.stats.syncs++;
    const request = batch.reduce((n, c) => n + c.bytes, 0);
    this.stats.requestBytes.push(request);
    await Promise.resolve();
    if (request > PAYLOAD_LIMIT) {
      this.stats.responseBytes.push(0);
      throw new SimError('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.');
    }
    let response = 0;
    try {
      for (const command of batch) response += sizeOf(command.run() ?? null);
    } finally {
      this.stats.responseBytes.push(response);
    }
    if (response > PAYLOAD_LIMIT) throw new SimError('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
    // The add-in's own writes raise onChanged too, after the batch, as events do.
    for (const { sheet, address } of this.changed) {
      const event = changeEvent(sheet, address, this.apiMinor, true);
      for (const h of [...this.handlers].filter((x) => x.sheet() === sheet)) setTimeout(() => void h.handler(event), 0);
    }
  }

  /** Values written by this sync, for the onChanged events that follow it. */
  private changed: Array<{ sheet: string; address: string }> = [];
  wrote(sheet: string, address: string): void {
    this.changed.push({ sheet, address });
  }

  sheet(name: string): SimSheet {
    const sheet = this.model.sheets.find((s) => s.name === name);
    if (!sheet) throw new SimError('ItemNotFound', `The requested resource doesn't exist: worksheet ${name}`);
    return sheet;
  }
}

type LoadArg = string | string[] | Record<string, unknown> | undefined;

function loadPaths(arg: LoadArg): string[] {
  if (arg === undefined) return ['*'];
  if (typeof arg === 'string') return arg.split(',').map((p) => p.trim()).filter(Boolean);
  if (Array.isArray(arg)) return arg.flatMap((p) => loadPaths(p));
  const select = (arg as { select?: string }).select;
  if (typeof select === 'string') return loadPaths(select);
  return Object.entries(arg).flatMap(([k, v]) => (v === true ? [k] : typeof v === 'object' && v ? loadPaths(v as LoadArg).map((p) => `${k}/${p}`) : []));
}

/** One API object: loadable properties read from the model at sync, children for nested paths. */
abstract class SimObject {
  private readonly state = new Map<string, unknown>();
  constructor(protected readonly ctx: SimContext) {
    // What Office.js does for a member the host's requirement sets lack (sim/requirements.ts).
    const type = EXCEL_TYPES.get(new.target);
    if (ctx.apiSets && type) return gated(this, type, ctx.apiSets, ctx.supports);
  }

  protected abstract property(name: string): unknown;
  protected child(_name: string): SimObject | undefined {
    return undefined;
  }
  protected scalarNames(): string[] {
    return [];
  }

  load(arg?: LoadArg): this {
    for (const path of loadPaths(arg)) {
      const [head, ...rest] = path.split('/') as [string, ...string[]];
      const child = this.child(head);
      if (child) {
        child.load(rest.length ? rest.join('/') : undefined);
        continue;
      }
      const names = head === '*' ? this.scalarNames() : [head];
      this.ctx.enqueue({ load: names }, () => {
        const out: Record<string, unknown> = {};
        for (const name of names) {
          const value = this.property(name);
          this.remember(name, value);
          out[name] = value;
        }
        return out;
      });
    }
    return this;
  }

  /** Records a property's value as loaded (what a sync does). */
  remember(name: string, value: unknown): void {
    this.state.set(name, value);
  }

  protected loaded<T>(name: string): T {
    if (!this.state.has(name)) {
      throw new SimError('PropertyNotLoaded', `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
    }
    return this.state.get(name) as T;
  }

  protected set(description: unknown, run: () => void): void {
    this.ctx.enqueue(description, run);
  }
}

/** Objects got by ...OrNullObject: isNullObject is known only after a sync. */
abstract class SimNullable extends SimObject {
  get isNullObject(): boolean {
    return this.loaded<boolean>('isNullObject');
  }
  watchNull(exists: () => boolean): void {
    this.ctx.enqueue({ exists: true }, () => {
      this.remember('isNullObject', !exists());
      return null;
    });
  }
}

class SimWorkbookObject {
  readonly worksheets: SimWorksheets;
  constructor(private readonly ctx: SimContext) {
    this.worksheets = new SimWorksheets(ctx);
  }
  /**
   * "Gets the currently selected single range from the workbook" (Workbook.getSelectedRange,
   * ExcelApi 1.1, @types/office-js): the cell A1 of the active sheet when nothing was selected.
   */
  getSelectedRange(): SimRange {
    return new SimRange(this.ctx, () => {
      const { model } = this.ctx;
      const selection = model.selection;
      const sheet = model.sheets.find((x) => x.name === (selection?.sheet ?? model.activeSheet)) ?? model.sheets[0]!;
      return { sheet, rect: selection ? parseAddress(selection.address).rect : { row: 0, col: 0, rows: 1, cols: 1 } };
    });
  }
}

class SimWorksheets extends SimObject {
  private list: SimWorksheet[] = [];
  get items(): SimWorksheet[] {
    this.loaded('items');
    return this.list;
  }
  protected property(name: string): unknown {
    if (name !== 'items') throw new SimError('InvalidArgument', `Unknown property ${name}`);
    return null;
  }
  override load(arg?: LoadArg): this {
    const paths = loadPaths(arg);
    const itemProps = paths.filter((p) => p.startsWith('items/')).map((p) => p.slice(6));
    this.ctx.enqueue({ load: paths }, () => {
      this.list = this.ctx.model.sheets.map((s) => new SimWorksheet(this.ctx, () => s.name, true));
      this.remember('items', true);
      return null;
    });
    // Item properties are loaded in the same batch, after the list exists.
    this.ctx.enqueue({ loadItems: itemProps }, () => {
      const out: unknown[] = [];
      for (const item of this.list) out.push(item.loadNow(itemProps.length ? itemProps : ['name', 'visibility', 'position']));
      return out;
    });
    return this;
  }
  getItem(name: string): SimWorksheet {
    const sheet = new SimWorksheet(this.ctx, () => name, true);
    this.ctx.enqueue({ getItem: name }, () => {
      this.ctx.sheet(name); // fails the sync when there is no such sheet
    });
    return sheet;
  }
  getItemOrNullObject(name: string): SimWorksheet {
    const sheet = new SimWorksheet(this.ctx, () => name, false);
    sheet.watchExists(() => this.ctx.model.sheets.some((s) => s.name === name));
    return sheet;
  }
  getActiveWorksheet(): SimWorksheet {
    let name: string | null = null;
    this.ctx.enqueue({ getActiveWorksheet: true }, () => {
      name = this.ctx.model.activeSheet;
    });
    return new SimWorksheet(this.ctx, () => name ?? this.ctx.model.activeSheet, true);
  }
  add(name: string): SimWorksheet {
    this.ctx.enqueue({ add: name }, () => {
      if (name.length > 31 || /[[\]:*?/\\]/.test(name)) throw new SimError('InvalidArgument', `Invalid worksheet name: ${name}`);
      if (this.ctx.model.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new SimError('ItemAlreadyExists', `A worksheet named ${name} already exists.`);
      this.ctx.model.sheets.push(newSheet(name));
    });
    return new SimWorksheet(this.ctx, () => name, true);
  }
}

export class SimWorksheet extends SimNullable {
  readonly freezePanes: { freezeRows: (count: number) => void; freezeAt: (range: string | SimRange) => void };
  /** Excel's onChanged: handlers called when the user (not the add-in) edits the sheet. */
  readonly onChanged: { add: (handler: (event: SimChange) => Promise<unknown> | void) => { context: SimContext; remove: () => void } };
  readonly pageLayout: SimPageLayout;
  readonly notes: SimNotes;
  readonly tables: { add: (address: string | SimRange, hasHeaders: boolean) => Record<string, unknown> };
  /**
   * Worksheet.charts (ExcelApi 1.1): `add(type, sourceData, seriesBy)` "Creates a new chart" from a
   * range; the chart's `title.text`, `legend.visible`, `dataLabels.showValue` and
   * `setPosition(startCell, endCell)` ("Positions the chart relative to cells on the worksheet"),
   * all ExcelApi 1.1 in @types/office-js, are kept as set when the sync applies the add.
   */
  readonly charts: { add: (type: string, sourceData: SimRange, seriesBy?: string) => SimChart };
  /**
   * Worksheet.horizontalPageBreaks (ExcelApi 1.9), "only manual page breaks": `add(pageBreakRange)`
   * adds one above "the range immediately after the page break" (PageBreakCollection.add).
   */
  readonly horizontalPageBreaks: { add: (range: SimRange | string) => void };

  constructor(
    ctx: SimContext,
    private readonly nameOf: () => string,
    private readonly mustExist: boolean,
  ) {
    super(ctx);
    this.freezePanes = {
      freezeRows: (count) => this.set({ freezeRows: count }, () => (this.model().frozenRows = count)),
      freezeAt: (range) =>
        this.set({ freezeAt: typeof range === 'string' ? range : 'range' }, () => {
          const rect = typeof range === 'string' ? parseAddress(range).rect : range.resolve().rect;
          const sheet = this.model();
          sheet.frozenRows = rect.row + rect.rows;
          sheet.frozenColumns = rect.col + rect.cols;
        }),
    };
    this.onChanged = {
      add: (handler) => {
        const entry = { sheet: this.nameOf, handler };
        this.set({ onChanged: 'add' }, () => {
          this.model(); // the sheet must exist
          ctx.handlers.add(entry);
        });
        return { context: ctx, remove: () => void ctx.handlers.delete(entry) };
      },
    };
    this.pageLayout = new SimPageLayout(ctx, () => this.model());
    this.horizontalPageBreaks = {
      add: (range) =>
        this.set({ addPageBreak: typeof range === 'string' ? range : 'range' }, () => {
          const layout = this.model().pageLayout;
          layout.pageBreaks = [...((layout.pageBreaks as string[] | undefined) ?? []), typeof range === 'string' ? range : rectAddress(range.resolve().rect)];
        }),
    };
    this.notes = new SimNotes(ctx, () => this.model());
    this.charts = {
      add: (type, sourceData, seriesBy = 'Auto') => {
        const chart: SimChart = {
          title: { text: '' },
          legend: { visible: true },
          dataLabels: { showValue: false },
          position: null,
          setPosition(start, end) {
            chart.position = { start, end: end ?? null };
          },
        };
        this.set({ addChart: type, seriesBy }, () => {
          const source = sourceData.resolve();
          // Not from Microsoft's documentation: the JSDoc of ChartCollection.add says only "The Range
          // object corresponding to the source data". The stricter rule is modelled (the add-in
          // always charts its own sheet's table), as this simulator does where in doubt.
          if (source.sheet !== this.model()) throw new SimError('InvalidArgument', 'The chart source must be on the same worksheet.');
          this.model().charts.push({ type, source: rectAddress(source.rect), seriesBy, title: chart.title.text, position: chart.position, legend: chart.legend.visible, showValue: chart.dataLabels.showValue });
        });
        return chart;
      },
    };
    this.tables = {
      add: (address, hasHeaders) => {
        const table: Record<string, unknown> = { name: '' };
        this.set({ addTable: typeof address === 'string' ? address : 'range', hasHeaders }, () =>
          this.model().tables.push({ address: typeof address === 'string' ? address : rectAddress(address.resolve().rect), name: String(table.name ?? '') }),
        );
        return table;
      },
    };
  }

  model(): SimSheet {
    return this.ctx.sheet(this.nameOf());
  }
  watchExists(exists: () => boolean): void {
    if (!this.mustExist) this.watchNull(exists);
  }
  loadNow(props: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of props) {
      out[p] = this.property(p);
      this.remember(p, out[p]);
    }
    return out;
  }
  protected override scalarNames(): string[] {
    return ['name', 'visibility', 'position'];
  }
  protected property(name: string): unknown {
    const sheet = this.model();
    if (name === 'name') return sheet.name;
    if (name === 'visibility') return sheet.visibility;
    if (name === 'position') return this.ctx.model.sheets.indexOf(sheet);
    throw new SimError('InvalidArgument', `Unknown worksheet property ${name}`);
  }
  get name(): string {
    return this.loaded('name');
  }
  get visibility(): string {
    return this.loaded('visibility');
  }
  set visibility(value: string) {
    this.set({ visibility: value }, () => (this.model().visibility = value as SimSheet['visibility']));
  }
  getRange(address = ''): SimRange {
    return new SimRange(this.ctx, () => {
      const sheet = this.model();
      const rect = address === '' ? { row: 0, col: 0, rows: 1_048_576, cols: 16_384 } : parseAddress(address).rect;
      return { sheet, rect };
    });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): SimRange {
    if (rows < 1 || cols < 1) throw new SimError('InvalidArgument', 'A range needs at least one row and one column.');
    return new SimRange(this.ctx, () => ({ sheet: this.model(), rect: { row, col, rows, cols } }));
  }
  getCell(row: number, col: number): SimRange {
    return this.getRangeByIndexes(row, col, 1, 1);
  }
  getUsedRange(_valuesOnly?: boolean): SimRange {
    return new SimRange(this.ctx, () => {
      const sheet = this.model();
      return { sheet, rect: usedRect(sheet) ?? { row: 0, col: 0, rows: 1, cols: 1 } };
    });
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): SimRange {
    const range = new SimRange(this.ctx, () => {
      const sheet = this.model();
      return { sheet, rect: usedRect(sheet) ?? { row: 0, col: 0, rows: 1, cols: 1 } };
    });
    range.watchExists(() => usedRect(this.model()) !== null);
    return range;
  }
  activate(): void {
    this.set({ activate: true }, () => (this.ctx.model.activeSheet = this.model().name));
  }
  delete(): void {
    this.set({ delete: true }, () => {
      const sheet = this.model();
      this.ctx.model.sheets = this.ctx.model.sheets.filter((s) => s !== sheet);
      if (this.ctx.model.activeSheet === sheet.name) this.ctx.model.activeSheet = this.ctx.model.sheets[0]?.name ?? '';
    });
  }
}

/**
 * Worksheet.pageLayout (ExcelApi 1.9): scalar settings recorded as set (`zoom` "must be set as a JSON
 * object", @types/office-js PageLayout.zoom); `headersFooters.defaultForAllPages` (HeaderFooterGroup,
 * HeaderFooter: its six strings, ExcelApi 1.9).
 */
class SimPageLayout {
  readonly headersFooters: { defaultForAllPages: Record<string, unknown> };
  constructor(
    private readonly ctx: SimContext,
    private readonly sheet: () => SimSheet,
  ) {
    for (const key of ['orientation', 'paperSize', 'zoom', 'centerHorizontally', 'leftMargin', 'rightMargin', 'topMargin', 'bottomMargin', 'headerMargin', 'footerMargin']) {
      Object.defineProperty(this, key, {
        set: (value: unknown) => this.ctx.enqueue({ [key]: value }, () => (this.sheet().pageLayout[key] = value)),
        get: () => {
          throw new SimError('PropertyNotLoaded', `pageLayout.${key} is not loaded.`);
        },
      });
    }
    const headerFooter: Record<string, unknown> = {};
    for (const key of ['leftHeader', 'centerHeader', 'rightHeader', 'leftFooter', 'centerFooter', 'rightFooter']) {
      Object.defineProperty(headerFooter, key, {
        set: (value: unknown) => this.ctx.enqueue({ [key]: value }, () => (this.sheet().pageLayout[key] = value)),
        get: () => {
          throw new SimError('PropertyNotLoaded', `${key} is not loaded.`);
        },
      });
    }
    this.headersFooters = { defaultForAllPages: headerFooter };
  }
  setPrintTitleRows(rows: string): void {
    this.ctx.enqueue({ setPrintTitleRows: rows }, () => (this.sheet().pageLayout.printTitleRows = rows));
  }
}

class SimNote extends SimNullable {
  constructor(
    ctx: SimContext,
    private readonly sheet: () => SimSheet,
    private readonly address: string,
  ) {
    super(ctx);
  }
  protected property(name: string): unknown {
    if (name === 'content') {
      // Loading a null object's property gives null, as in Office.js.
      return this.sheet().notes.get(this.address) ?? null;
    }
    throw new SimError('InvalidArgument', `Unknown note property ${name}`);
  }
  get content(): string {
    return this.loaded('content');
  }
  exists(): boolean {
    return this.sheet().notes.has(this.address);
  }
  delete(): void {
    this.set({ deleteNote: this.address }, () => {
      if (!this.sheet().notes.delete(this.address)) throw new SimError('ItemNotFound', `No note at ${this.address}`);
    });
  }
}

/** What the add-in sets on a new chart (Excel.Chart, ExcelApi 1.1), read when its add is applied. */
export interface SimChart {
  title: { text: string };
  legend: { visible: boolean };
  dataLabels: { showValue: boolean };
  position: { start: string; end: string | null } | null;
  setPosition(startCell: string, endCell?: string): void;
}

class SimNotes {
  constructor(
    private readonly ctx: SimContext,
    private readonly sheet: () => SimSheet,
  ) {}
  private requireApi(): void {
    if (this.ctx.apiMinor < 18) throw new SimError('ApiNotFound', 'Notes need ExcelApi 1.18.');
  }
  add(address: string, content: string): SimNote {
    this.requireApi();
    const key = rectAddress(parseAddress(address).rect);
    this.ctx.enqueue({ addNote: address, content }, () => {
      const notes = this.sheet().notes;
      if (notes.has(key)) throw new SimError('InvalidArgument', `The cell ${key} already has a note.`);
      notes.set(key, content);
    });
    return new SimNote(this.ctx, this.sheet, key);
  }
  getItemOrNullObject(address: string): SimNote {
    this.requireApi();
    const note = new SimNote(this.ctx, this.sheet, rectAddress(parseAddress(address).rect));
    note.watchNull(() => note.exists());
    return note;
  }
}

interface Target {
  sheet: SimSheet;
  rect: Rect;
}

export class SimRange extends SimNullable {
  private target: Target | null = null;
  readonly format: SimFormat;
  readonly dataValidation: { rule: unknown; errorAlert: unknown; clear: () => void };

  constructor(
    ctx: SimContext,
    private readonly locate: () => Target,
  ) {
    super(ctx);
    this.format = new SimFormat(ctx, () => this.resolve());
    const validation = { rule: undefined as unknown, errorAlert: undefined as unknown };
    this.dataValidation = {
      clear: () => this.set({ clearValidation: true }, () => this.removeValidation()),
      set rule(rule: unknown) {
        validation.rule = rule;
        setRule(rule);
      },
      get rule() {
        return validation.rule;
      },
      set errorAlert(alert: unknown) {
        setAlert(alert);
      },
      get errorAlert() {
        return validation.errorAlert;
      },
    };
    const setRule = (rule: unknown) =>
      this.set({ rule }, () => {
        const { sheet, rect } = this.resolve();
        this.removeValidation();
        sheet.validations.push({ address: rectAddress(rect), rule });
      });
    const setAlert = (alert: unknown) =>
      this.set({ alert }, () => {
        const { sheet, rect } = this.resolve();
        const v = sheet.validations.find((x) => x.address === rectAddress(rect));
        if (v) v.errorAlert = alert;
      });
  }

  resolve(): Target {
    this.target ??= this.locate();
    return this.target;
  }
  watchExists(exists: () => boolean): void {
    this.watchNull(exists);
  }
  /** Removes the validations this range overlaps (as Excel's dataValidation.clear does for its cells). */
  private removeValidation(): void {
    const { sheet, rect } = this.resolve();
    const overlaps = (other: Rect) => other.row < rect.row + rect.rows && rect.row < other.row + other.rows && other.col < rect.col + rect.cols && rect.col < other.col + other.cols;
    sheet.validations = sheet.validations.filter((v) => !overlaps(parseAddress(v.address).rect));
  }

  protected override child(name: string): SimObject | undefined {
    return name === 'format' ? this.format : undefined;
  }
  protected override scalarNames(): string[] {
    return ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'values', 'numberFormat', 'rowHidden'];
  }
  protected property(name: string): unknown {
    const { sheet, rect } = this.resolve();
    switch (name) {
      case 'address':
        return qualified(sheet.name, rect);
      case 'rowIndex':
        return rect.row;
      case 'columnIndex':
        return rect.col;
      case 'rowCount':
        return rect.rows;
      case 'columnCount':
        return rect.cols;
      case 'values':
        if (rect.rows * rect.cols > 5_000_000) throw new SimError('ResponsePayloadSizeLimitExceeded', 'The range is too large to read at once.');
        return Array.from({ length: rect.rows }, (_, r) => Array.from({ length: rect.cols }, (_, c) => sheet.values[rect.row + r]?.[rect.col + c] ?? ''));
      case 'numberFormat':
        return Array.from({ length: rect.rows }, (_, r) => Array.from({ length: rect.cols }, (_, c) => sheet.numberFormats.get(cellKey(rect.row + r, rect.col + c)) ?? 'General'));
      case 'rowHidden': {
        // Range.rowHidden (ExcelApi 1.2): true when all rows are hidden, false when none is, null when some are.
        let hidden = 0;
        for (let r = rect.row; r < rect.row + rect.rows; r++) if (sheet.hiddenRows.has(r)) hidden++;
        return hidden === 0 ? false : hidden === rect.rows ? true : null;
      }
      default:
        throw new SimError('InvalidArgument', `Unknown range property ${name}`);
    }
  }
  get address(): string {
    return this.loaded('address');
  }
  get rowIndex(): number {
    return this.loaded('rowIndex');
  }
  get columnIndex(): number {
    return this.loaded('columnIndex');
  }
  get rowCount(): number {
    return this.loaded('rowCount');
  }
  get columnCount(): number {
    return this.loaded('columnCount');
  }
  get values(): SimValue[][] {
    return this.loaded('values');
  }
  set values(values: SimValue[][]) {
    this.set({ values }, () => {
      // Parsed as typed (sim/typing.ts) against the formats already in place: check every cell before any changes.
      const { sheet, rect } = this.resolve();
      this.ctx.wrote(sheet.name, rectAddress(rect));
      const parsed = new Map<string, ReturnType<typeof typed>>();
      this.write(values, (_s, r, c, v) => void parsed.set(cellKey(r, c), typed(v, sheet.numberFormats.get(cellKey(r, c)) ?? 'General')));
      this.write(values, (_s, r, c) => putTyped(sheet, r, c, cellKey(r, c), parsed.get(cellKey(r, c))!));
    });
  }
  set formulas(formulas: SimValue[][]) {
    this.set({ formulas }, () =>
      this.write(formulas, (sheet, r, c, v) => {
        if (typeof v === 'string' && v.startsWith('=')) sheet.formulas.set(cellKey(r, c), v);
        else (sheet.values[r] ??= [])[c] = v;
      }),
    );
  }
  /** A 2-D array as big as the range, or one format for every cell. */
  set numberFormat(formats: unknown) {
    this.set({ numberFormat: formats }, () => {
      const { sheet, rect } = this.resolve();
      if (Array.isArray(formats)) {
        this.write(formats as SimValue[][], (_s, r, c, f) => void sheet.numberFormats.set(cellKey(r, c), String(f)));
      } else {
        for (let r = rect.row; r < rect.row + rect.rows; r++) for (let c = rect.col; c < rect.col + rect.cols; c++) sheet.numberFormats.set(cellKey(r, c), String(formats));
      }
      this.recordFormat({ numberFormat: formats });
    });
  }
  get numberFormat(): string[][] {
    return this.loaded('numberFormat');
  }
  get rowHidden(): boolean | null {
    return this.loaded('rowHidden');
  }
  /** Range.getVisibleView (ExcelApi 1.3): "the visible rows of the current range", whose `cellAddresses` it loads. */
  getVisibleView(): SimRangeView {
    return new SimRangeView(this.ctx, () => this.resolve());
  }
  set columnHidden(hidden: boolean) {
    this.set({ columnHidden: hidden }, () => {
      const { sheet, rect } = this.resolve();
      for (let c = rect.col; c < rect.col + rect.cols; c++) {
        if (hidden) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
    });
  }
  private write(values: SimValue[][], put: (sheet: SimSheet, r: number, c: number, v: SimValue) => void): void {
    const { sheet, rect } = this.resolve();
    if (!Array.isArray(values) || values.length !== rect.rows || values.some((row) => !Array.isArray(row) || row.length !== rect.cols)) {
      throw new SimError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range ${rectAddress(rect)}.`);
    }
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null || v === undefined) throw new SimError('InvalidArgument', 'Cell values cannot be null; use "".');
        put(sheet, rect.row + r, rect.col + c, v);
      }),
    );
  }
  recordFormat(props: Record<string, unknown>): void {
    const { sheet, rect } = this.resolve();
    const key = rectAddress(rect);
    sheet.formats.set(key, { ...sheet.formats.get(key), ...props });
  }
  /** Clears values, formulas and fills (Excel's ClearApplyTo.all, as far as this host models it). */
  clear(): void {
    this.set({ clear: true }, () => {
      const { sheet, rect } = this.resolve();
      for (let r = rect.row; r < Math.min(rect.row + rect.rows, sheet.values.length); r++) {
        const row = sheet.values[r];
        if (!row) continue;
        for (let c = rect.col; c < Math.min(rect.col + rect.cols, row.length); c++) {
          row[c] = '';
          sheet.formulas.delete(cellKey(r, c));
          sheet.fills.delete(cellKey(r, c));
          sheet.numberFormats.delete(cellKey(r, c));
        }
      }
    });
  }
  /**
   * The merged areas overlapping this range. @types/office-js, `Range.getMergedAreasOrNullObject`
   * ([Api set: ExcelApi 1.13]): "If the RangeAreas object doesn't exist, then this method returns
   * an object with its isNullObject property set to true", and "if the merged areas count in this
   * range is more than 512, then this method will fail to return the result".
   */
  getMergedAreasOrNullObject(): SimRangeAreas {
    const list = () => {
      const { sheet, rect } = this.resolve();
      const overlaps = (o: Rect) => o.row < rect.row + rect.rows && rect.row < o.row + o.rows && o.col < rect.col + rect.cols && rect.col < o.col + o.cols;
      const found = sheet.merged.map((a) => parseAddress(a).rect).filter(overlaps);
      if (found.length > 512) throw new SimError('GeneralException', 'More than 512 merged areas.');
      return found.map((r) => qualified(sheet.name, r));
    };
    const areas = new SimRangeAreas(this.ctx, list);
    areas.watchNull(() => list().length > 0);
    return areas;
  }
  merge(across = false): void {
    this.set({ merge: across }, () => this.resolve().sheet.merged.push(rectAddress(this.resolve().rect)));
  }
  select(): void {
    this.set({ select: true }, () => {
      const { sheet, rect } = this.resolve();
      if (this.ctx.model.activeSheet !== sheet.name) throw new SimError('InvalidSelection', 'A range can be selected only on the active worksheet.');
      this.ctx.model.selection = { sheet: sheet.name, address: rectAddress(rect) };
    });
  }
  getCell(row: number, col: number): SimRange {
    return new SimRange(this.ctx, () => {
      const { sheet, rect } = this.resolve();
      return { sheet, rect: { row: rect.row + row, col: rect.col + col, rows: 1, cols: 1 } };
    });
  }
}

/** Excel.RangeView (ExcelApi 1.3): the visible rows of a range; `cellAddresses` ("the cell addresses of the RangeView") row by row. */
class SimRangeView extends SimObject {
  constructor(
    ctx: SimContext,
    private readonly target: () => Target,
  ) {
    super(ctx);
  }
  protected override scalarNames(): string[] {
    return ['cellAddresses', 'rowCount'];
  }
  protected property(name: string): unknown {
    const { sheet, rect } = this.target();
    const rows = Array.from({ length: rect.rows }, (_, r) => rect.row + r).filter((r) => !sheet.hiddenRows.has(r));
    if (name === 'rowCount') return rows.length;
    if (name === 'cellAddresses') return rows.map((r) => Array.from({ length: rect.cols }, (_, c) => qualified(sheet.name, { row: r, col: rect.col + c, rows: 1, cols: 1 })));
    throw new SimError('InvalidArgument', `Unknown range view property ${name}`);
  }
  get cellAddresses(): string[][] {
    return this.loaded('cellAddresses');
  }
}

/** Several rectangular ranges (Excel.RangeAreas); `address` lists them, "Sheet1!A1:B4, Sheet1!D1:D4" (ExcelApi 1.9). */
class SimRangeAreas extends SimNullable {
  constructor(
    ctx: SimContext,
    private readonly list: () => string[],
  ) {
    super(ctx);
  }
  protected override scalarNames(): string[] {
    return ['address', 'areaCount'];
  }
  protected property(name: string): unknown {
    if (name === 'address') return this.list().join(', ');
    if (name === 'areaCount') return this.list().length;
    throw new SimError('InvalidArgument', `Unknown range areas property ${name}`);
  }
  get address(): string {
    return this.loaded('address');
  }
  get areaCount(): number {
    return this.loaded('areaCount');
  }
}

class SimFill extends SimObject {
  constructor(
    ctx: SimContext,
    private readonly target: () => Target,
  ) {
    super(ctx);
  }
  protected override scalarNames(): string[] {
    return ['color'];
  }
  protected property(name: string): unknown {
    if (name !== 'color') throw new SimError('InvalidArgument', `Unknown fill property ${name}`);
    const { sheet, rect } = this.target();
    const colours = new Set<string>();
    for (let r = rect.row; r < rect.row + rect.rows; r++) for (let c = rect.col; c < rect.col + rect.cols; c++) colours.add(sheet.fills.get(cellKey(r, c)) ?? '#FFFFFF');
    return colours.size === 1 ? [...colours][0] : null;
  }
  get color(): string {
    return this.loaded('color');
  }
  set color(colour: string) {
    this.set({ fill: colour }, () => this.each((sheet, key) => sheet.fills.set(key, colour.toUpperCase())));
  }
  clear(): void {
    this.set({ clearFill: true }, () => this.each((sheet, key) => sheet.fills.delete(key)));
  }
  private each(fn: (sheet: SimSheet, key: string) => void): void {
    const { sheet, rect } = this.target();
    for (let r = rect.row; r < rect.row + rect.rows; r++) for (let c = rect.col; c < rect.col + rect.cols; c++) fn(sheet, cellKey(r, c));
  }
}

/** Format: fill is a real child object; everything else is recorded by range address. */
class SimFormat extends SimObject {
  readonly fill: SimFill;
  readonly font: Record<string, unknown>;
  /**
   * RangeFormat.borders (ExcelApi 1.1): `getItem(index)` gives one side's RangeBorder, whose
   * `style`, `color` and `weight` are set (RangeBorderCollection.getItem, RangeBorder, @types/office-js).
   */
  readonly borders: { getItem: (index: string) => Record<string, unknown> };
  constructor(
    ctx: SimContext,
    private readonly target: () => Target,
  ) {
    super(ctx);
    this.fill = new SimFill(ctx, target);
    // RangeFont's properties as set (ExcelApi 1.1 in @types/office-js): bold, italic, size, color, name, underline ("Single", …).
    this.font = this.recorder('font.', ['bold', 'italic', 'size', 'color', 'name', 'underline']);
    const sides = new Map<string, Record<string, unknown>>();
    this.borders = { getItem: (index) => sides.get(index) ?? sides.set(index, this.recorder(`border.${index}.`, ['style', 'color', 'weight'])).get(index)! };
    const own = this.recorder('', ['wrapText', 'columnWidth', 'rowHeight', 'verticalAlignment', 'horizontalAlignment', 'indentLevel']);
    for (const key of Object.keys(Object.getOwnPropertyDescriptors(own))) Object.defineProperty(this, key, Object.getOwnPropertyDescriptor(own, key)!);
  }
  protected override child(name: string): SimObject | undefined {
    return name === 'fill' ? this.fill : undefined;
  }
  protected property(name: string): unknown {
    throw new SimError('InvalidArgument', `The simulated host does not read format.${name}`);
  }
  private recorder(prefix: string, keys: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      Object.defineProperty(out, key, {
        enumerable: true,
        set: (value: unknown) =>
          this.ctx.enqueue({ [prefix + key]: value }, () => {
            const { sheet, rect } = this.target();
            const address = rectAddress(rect);
            sheet.formats.set(address, { ...sheet.formats.get(address), [prefix + key]: value });
          }),
        get: () => {
          throw new SimError('PropertyNotLoaded', `format.${prefix}${key} is not loaded.`);
        },
      });
    }
    return out;
  }
  autofitRows(): void {
    this.ctx.enqueue({ autofitRows: true }, () => {
      const { sheet, rect } = this.target();
      const address = rectAddress(rect);
      sheet.formats.set(address, { ...sheet.formats.get(address), autofitRows: true });
    });
  }
  autofitColumns(): void {
    this.ctx.enqueue({ autofitColumns: true }, () => undefined);
  }
}

/** The Excel type each simulated object stands for, to look its members' requirement sets up. */
const EXCEL_TYPES = new Map<unknown, string>([
  [SimWorksheets, 'WorksheetCollection'],
  [SimWorksheet, 'Worksheet'],
  [SimRange, 'Range'],
  [SimRangeAreas, 'RangeAreas'],
  [SimRangeView, 'RangeView'],
  [SimFill, 'RangeFill'],
  [SimFormat, 'RangeFormat'],
  [SimNote, 'Note'],
]);

export interface SimHost {
  workbook: SimWorkbook;
  stats: SimStats;
  /** The Excel namespace to install as the global `Excel`. */
  excel: {
    run: <T>(first: ((context: SimContext) => Promise<T>) | object, second?: (context: SimContext) => Promise<T>) => Promise<T>;
    SheetVisibility: Record<string, string>;
    PageOrientation: Record<string, string>;
    DataValidationAlertStyle: Record<string, string>;
    DataValidationOperator: Record<string, string>;
  };
  /** The user types `value` into a cell: it takes effect at once and fires the sheet's onChanged handlers. */
  edit(sheet: string, address: string, value: SimValue): Promise<void>;
  /** The user starts typing in a cell and stays there (cell-edit mode) until `leaveCell`. */
  enterCell(): void;
  leaveCell(): void;
  /** Whether the host claims an ExcelApi requirement set (for Office.context.requirements.isSetSupported). */
  isSetSupported(name: string, version?: string): boolean;
  resetStats(): void;
}

/**
 * A host over `workbook` claiming ExcelApi 1.1 to 1.`apiMinor` (1.18 has notes; Excel 2016 stops
 * at 1.2). With `apiSets`, a member of a set above 1.`apiMinor` throws ApiNotFound when used.
 */
export function simulatedExcel(workbook: SimWorkbook = newWorkbook(), apiMinor = 18, apiSets: ApiSets | null = null): SimHost {
  const stats: SimStats = { syncs: 0, requestBytes: [], responseBytes: [] };
  const handlers = new Set<ChangeHandler>();
  const cellEdit: CellEdit = { editing: false, ended: Promise.resolve(), end: () => undefined };
  const isSetSupported = (name: string, version = '1.1') =>
    (name === 'ExcelApi' && /^1\.\d+$/.test(version) && Number(version.split('.')[1]) <= apiMinor) ||
    // DelayForCellEdit 1.1 came with the Excel of ExcelApi 1.13 (2021); Excel 2019 (1.8) lacks it.
    (name === 'DelayForCellEdit' && version === '1.1' && apiMinor >= 13);
  return {
    workbook,
    stats,
    enterCell() {
      if (cellEdit.editing) return;
      cellEdit.editing = true;
      cellEdit.ended = new Promise((resolve) => {
        cellEdit.end = resolve;
      });
    },
    leaveCell() {
      cellEdit.editing = false;
      cellEdit.end();
    },
    edit(sheetName, address, value) {
      const sheet = workbook.sheets.find((s) => s.name === sheetName);
      if (!sheet) throw new Error(`no sheet ${sheetName}`);
      const { rect } = parseAddress(address);
      const key = cellKey(rect.row, rect.col);
      putTyped(sheet, rect.row, rect.col, key, typed(value, sheet.numberFormats.get(key) ?? 'General')); // typing parses as writing does
      const event = changeEvent(sheetName, rectAddress(rect), apiMinor, false);
      return Promise.all([...handlers].filter((h) => h.sheet() === sheetName).map((h) => h.handler(event))).then(() => undefined);
    },
    excel: {
      // Excel.run(batch), or Excel.run(object, batch) to continue with an object's context (event handlers).
      // Excel.run(batch), Excel.run(options, batch), or Excel.run(object, batch) to continue with an object's context.
      run: async <T>(first: unknown, second?: (context: SimContext) => Promise<T>) => {
        const batch = (typeof first === 'function' ? first : second) as (context: SimContext) => Promise<T>;
        const delay = typeof first === 'object' && first !== null && (first as { delayForCellEdit?: boolean }).delayForCellEdit === true;
        return batch(new SimContext(workbook, stats, handlers, apiMinor, isSetSupported, apiSets, cellEdit, delay && isSetSupported('DelayForCellEdit', '1.1')));
      },
      SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
      PageOrientation: { portrait: 'Portrait', landscape: 'Landscape' },
      DataValidationAlertStyle: { stop: 'Stop', warning: 'Warning', information: 'Information' },
      DataValidationOperator: { between: 'Between' },
    },
    isSetSupported,
    resetStats() {
      stats.syncs = 0;
      stats.requestBytes = [];
      stats.responseBytes = [];
    },
  };
}
