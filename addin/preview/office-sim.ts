/**
 * The simulated Excel host in a browser: installs `Office` and `Excel` as office.js would, over the
 * in-memory workbook of ./excel-sim, kept in sessionStorage so that it outlives a reload of the
 * task pane, as a real workbook does. The browser tests serve this file in place of office.js;
 * the "Xem thử" page (xem-thu.html) loads it to try the task pane without Excel, with a view of
 * the sheet beside it.
 */
import { newWorkbook, simulatedExcel, workbookFromJson, workbookToJson, type SimHost, type SimValue, type SimWorkbook } from './excel-sim';
import { showSheet } from './sheet-view';

export interface SimSetup {
  /** The starting workbook (workbookToJson), e.g. a fixture report. */
  workbook?: string;
  /** ExcelApi 1.1 to 1.apiMinor (default 18). */
  apiMinor?: number;
  /** Office's theme is Black or Dark Gray (Office.OfficeTheme.isDarkTheme). */
  dark?: boolean;
}

export interface PreviewHost {
  host: SimHost;
  /** Types a value into a cell, as the user would: it takes effect at once and fires the sheet's onChanged handlers. */
  type(sheet: string, address: string, value: SimValue): Promise<void>;
  onChange(listener: () => void): void;
  /** Shows another sheet, as clicking its tab in Excel does. */
  activate(sheet: string): void;
}

declare global {
  interface Window {
    PHULUC_SIM_SETUP?: SimSetup;
    phulucSim?: PreviewHost;
  }
}

const WORKBOOK_KEY = 'phuluc.sim.workbook';
const SETTINGS_KEY = 'phuluc.sim.settings';

function startingWorkbook(): SimWorkbook {
  const kept = sessionStorage.getItem(WORKBOOK_KEY);
  if (kept) return workbookFromJson(kept);
  const given = window.PHULUC_SIM_SETUP?.workbook;
  return given ? workbookFromJson(given) : newWorkbook();
}

const sim = simulatedExcel(startingWorkbook(), window.PHULUC_SIM_SETUP?.apiMinor ?? 18);
const listeners = new Set<() => void>();
function changed(): void {
  sessionStorage.setItem(WORKBOOK_KEY, workbookToJson(sim.workbook));
  listeners.forEach((listener) => listener());
}
const run = sim.excel.run;
sim.excel.run = async (first, second) => {
  try {
    return await run(first, second);
  } finally {
    changed();
  }
};

// The document's settings: set/get in memory, kept by saveAsync (as Office keeps them in the file).
const saved: Record<string, unknown> = JSON.parse(sessionStorage.getItem(SETTINGS_KEY) ?? '{}');
const pending: Record<string, unknown> = { ...saved };
const settings = {
  get: (key: string) => pending[key] ?? null,
  set: (key: string, value: unknown) => {
    pending[key] = JSON.parse(JSON.stringify(value));
  },
  remove: (key: string) => {
    delete pending[key];
  },
  saveAsync: (callback?: (result: { status: string }) => void) => {
    sessionStorage.setItem(SETTINGS_KEY, JSON.stringify(pending));
    setTimeout(() => callback?.({ status: 'succeeded' }), 0);
  },
};

/** Office's theme colours as Office.OfficeTheme gives them (@types/office-js): White, or Black. */
function officeTheme(dark: boolean) {
  return dark
    ? { isDarkTheme: true, bodyBackgroundColor: '#262626', bodyForegroundColor: '#FFFFFF', controlBackgroundColor: '#444444', controlForegroundColor: '#FFFFFF' }
    : { isDarkTheme: false, bodyBackgroundColor: '#FFFFFF', bodyForegroundColor: '#000000', controlBackgroundColor: '#FFFFFF', controlForegroundColor: '#000000' };
}

const info = { host: 'Excel', platform: 'OfficeOnline' };
Object.assign(window, {
  Office: {
    onReady: (callback?: (i: typeof info) => void) => Promise.resolve(info).then((i) => (callback?.(i), i)),
    HostType: { Excel: 'Excel' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: { requirements: { isSetSupported: sim.isSetSupported }, document: { settings }, officeTheme: officeTheme(window.PHULUC_SIM_SETUP?.dark === true) },
  },
  Excel: sim.excel,
});

window.phulucSim = {
  host: sim,
  type(sheetName, address, value) {
    const handled = sim.edit(sheetName, address, value);
    changed();
    return handled;
  },
  onChange: (listener) => void listeners.add(listener),
  activate(sheetName) {
    sim.workbook.activeSheet = sheetName;
    changed();
  },
};

// On the "Xem thử" page, a view of the sheet beside the task pane.
document.addEventListener('DOMContentLoaded', () => {
  const view = document.getElementById('sheet');
  if (view && window.phulucSim) showSheet(view, window.phulucSim);
});
