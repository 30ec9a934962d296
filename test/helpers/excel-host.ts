/**
 * Installs the simulated Excel host (test/sim/excel-sim) as the globals `Excel` and `Office`, the
 * way Office.js would: office-addin-mock provides the Office namespace (requirement sets, the
 * document's settings with saveAsync), the simulator the workbook behind Excel.run.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { officeApiSets } from './office-api-sets';
import { newSheet, newWorkbook, sheetGrid, simulatedExcel, type SimHost, type SimValue, type SimWorkbook } from '../../addin/preview/excel-sim';

export interface InstalledHost extends SimHost {
  /** The document settings as saved by saveAsync. */
  settings: Map<string, unknown>;
  /**
   * While true, settings.saveAsync fails (AsyncResultStatus.Failed with an error), as it can: the
   * document is read-only, co-authored or closing (Office.Settings.saveAsync in @types/office-js).
   */
  failSettingsSave: boolean;
  /** A sheet's values as a rectangular grid (what a reader sees). */
  grid(sheet: string): SimValue[][];
}

/**
 * The ExcelApi level the add-in suite runs at: the newest set, or the manifest's declared minimum
 * in the second run of the suite (jest.config.js sets PHULUC_EXCEL_API_MINOR for it).
 */
export const SUITE_API_MINOR = Number((globalThis as { PHULUC_EXCEL_API_MINOR?: number }).PHULUC_EXCEL_API_MINOR ?? 18);

/**
 * `apiMinor`: the host claims ExcelApi 1.1 to 1.apiMinor, and any member of a newer set throws
 * ApiNotFound when used, as Office.js does (sets read from @types/office-js).
 */
export function installExcel(workbook: SimWorkbook = newWorkbook(), apiMinor = SUITE_API_MINOR): InstalledHost {
  const sim = simulatedExcel(workbook, apiMinor, officeApiSets());
  const saved = new Map<string, unknown>();
  const pending = new Map<string, unknown>();
  const office = new OfficeMockObject({
    context: {
      requirements: { isSetSupported: (name: string, version?: string) => sim.isSetSupported(name, version) },
      document: {
        settings: {
          get: (key: string) => (pending.has(key) ? pending.get(key) : (saved.get(key) ?? null)),
          set: (key: string, value: unknown) => pending.set(key, structuredClone(value)),
          remove: (key: string) => pending.set(key, null),
          saveAsync: (callback?: (result: { status: string; error?: { name: string; message: string } }) => void) => {
            if (installed.failSettingsSave) {
              callback?.({ status: 'failed', error: { name: 'Settings Save Failed', message: 'Unable to save settings.' } });
              return;
            }
            for (const [k, v] of pending) saved.set(k, v);
            pending.clear();
            callback?.({ status: 'succeeded' });
          },
        },
      },
    },
    onReady: async () => ({ host: 'Excel', platform: 'PC' }),
  }) as unknown as Record<string, unknown>;
  office.HostType = { Excel: 'Excel' };
  office.AsyncResultStatus = { Succeeded: 'succeeded', Failed: 'failed' };
  const globals = globalThis as Record<string, unknown>;
  globals.Excel = sim.excel;
  globals.Office = office;
  const installed: InstalledHost = {
    ...sim,
    settings: saved,
    failSettingsSave: false,
    grid: (name) => {
      const sheet = sim.workbook.sheets.find((s) => s.name === name);
      if (!sheet) throw new Error(`no sheet ${name}`);
      return sheetGrid(sheet);
    },
  };
  return installed;
}

/** A workbook holding `sheets` (name → values from A1). */
export function workbookOf(sheets: Record<string, SimValue[][]>, active?: string): SimWorkbook {
  const workbook = newWorkbook(Object.entries(sheets).map(([name, values]) => newSheet(name, values.map((row) => [...row]))));
  if (active) workbook.activeSheet = active;
  return workbook;
}

