/** Values and errors of the simulated host, shaped as Office.js gives them. */

export type SimValue = string | number | boolean;

/**
 * An Office.js error: `RichApi.Error` with a `code` from Excel.ErrorCodes (the codes are the
 * runtime's own strings, e.g. "ApiNotFound", "InvalidOperationInCellEditMode" in
 * @microsoft/office-js dist/excel-win32-16.01.debug.js).
 */
export class SimError extends Error {
  override name = 'RichApi.Error';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
