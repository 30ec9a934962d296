/** Events of the simulated host: onChanged, and the cell-edit mode that holds or fails batches. */
/**
 * Excel.WorksheetChangedEventArgs as far as the add-in reads it. onChanged fires for every change
 * of values, the add-in's own writes included; from ExcelApi 1.14 `triggerSource` says
 * "ThisLocalAddin" for those (its JSDoc in @types/office-js), before that nothing tells them apart.
 */
export interface SimChange {
  address: string;
  changeType: 'RangeEdited';
  source: 'Local';
  worksheetId: string;
  triggerSource?: 'Unknown' | 'ThisLocalAddin';
}

/** The event for a change on `sheet`, as a host at ExcelApi 1.`apiMinor` gives it. */
export function changeEvent(sheet: string, address: string, apiMinor: number, byAddin: boolean): SimChange {
  const event: SimChange = { address, changeType: 'RangeEdited', source: 'Local', worksheetId: sheet };
  if (apiMinor >= 14) event.triggerSource = byAddin ? 'ThisLocalAddin' : 'Unknown';
  return event;
}

export type ChangeHandler = { sheet: () => string; handler: (event: SimChange) => Promise<unknown> | void };

/**
 * Cell-edit mode: while the user is typing in a cell, Excel fails a batch with
 * InvalidOperationInCellEditMode ("Excel is in cell-editing mode…", the runtime's resource string),
 * or, with `delayForCellEdit` on a host that has the DelayForCellEdit set, holds it until the user
 * leaves the cell (Excel.RunOptions in @types/office-js).
 */
export interface CellEdit {
  editing: boolean;
  /** Resolves when the user leaves the cell. */
  ended: Promise<void>;
  end: () => void;
}
