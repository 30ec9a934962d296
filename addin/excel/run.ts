/**
 * Every batch of the add-in goes through here. `delayForCellEdit: true` (Excel.RunOptions in
 * @types/office-js): while the user is still typing in a cell, Excel holds the batch until they
 * leave the cell instead of failing it with InvalidOperationInCellEditMode. Hosts without the
 * DelayForCellEdit requirement set ignore the option (the runtime's onBeforeExcelRun checks
 * isSetSupported("DelayForCellEdit")); there the batch still fails, and the pane says to press Enter.
 */
export function excelRun<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  return Excel.run({ delayForCellEdit: true }, batch);
}
