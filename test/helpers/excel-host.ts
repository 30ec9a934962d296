/** A recording Excel host over office-addin-mock: what the add-in writes lands in in-memory grids. */
import { TextEncoder } from 'node:util';
import { OfficeMockObject } from 'office-addin-mock';

export interface Host {
  grids: Map<string, unknown[][]>;
  /** Bytes of cell values sent with each sync. */
  syncPayloads: number[];
  deleted: string[];
  frozen: Map<string, number>;
  tables: string[];
}

/** Installs the host as the global Excel (and Office) and returns its records. */
export function excelHost(existing: string[] = []): Host {
  const host: Host = { grids: new Map(existing.map((name) => [name, [['cũ']]])), syncPayloads: [], deleted: [], frozen: new Map(), tables: [] };
  let pending = 0;
  const sheet = (name: string) => ({
    name,
    isNullObject: false,
    getRangeByIndexes: (row: number, column: number) => ({
      set values(rows: unknown[][]) {
        const grid = host.grids.get(name)!;
        rows.forEach((r, i) => (grid[row + i] = [...(grid[row + i] ?? []).slice(0, column), ...r]));
        pending += new TextEncoder().encode(JSON.stringify(rows)).length;
      },
      format: {},
    }),
    getCell: () => ({ format: { fill: {} } }),
    tables: {
      add: () => {
        const table = { name: '' };
        host.tables.push(name);
        return table;
      },
    },
    freezePanes: { freezeRows: (n: number) => host.frozen.set(name, n) },
    pageLayout: {},
    activate: () => undefined,
    delete: () => {
      host.deleted.push(name);
      host.grids.delete(name);
    },
  });
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        worksheets: {
          getItemOrNullObject: (name: string) => (host.grids.has(name) ? sheet(name) : { isNullObject: true }),
          add: (name: string) => {
            host.grids.set(name, []);
            return sheet(name);
          },
        },
      },
    },
    PageOrientation: { landscape: 'Landscape' },
  }) as unknown as { context: { sync: () => Promise<void> } };
  const sync = mock.context.sync.bind(mock.context);
  mock.context.sync = async () => {
    host.syncPayloads.push(pending);
    pending = 0;
    await sync();
  };
  (globalThis as Record<string, unknown>).Excel = Object.assign(mock, { run: async (callback: (c: unknown) => Promise<unknown>) => callback(mock.context) });
  (globalThis as Record<string, unknown>).Office = { context: { requirements: { isSetSupported: () => true } } };
  return host;
}

