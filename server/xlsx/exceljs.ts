/**
 * ExcelJS's workbook, loaded without its streaming reader and writer: `import 'exceljs'` loads
 * both (about 200 of its 355 ms), at the start of every reader thread, the summary thread and
 * `phuluc validate`, and nothing here uses them. The types still come from the package.
 */
import type ExcelJS from 'exceljs';

/* eslint-disable @typescript-eslint/no-require-imports -- the package's own modules, below its index */
export const Workbook: typeof ExcelJS.Workbook = require('exceljs/lib/doc/workbook');
export const ValueType: typeof ExcelJS.ValueType = require('exceljs/lib/doc/enums').ValueType;
/* eslint-enable @typescript-eslint/no-require-imports */
