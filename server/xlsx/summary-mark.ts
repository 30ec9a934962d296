/**
 * How a summary workbook is marked (its document properties), so the reader knows it is not a
 * report. Apart from the writer (summary.ts), which the reader threads need not load.
 */
export const SUMMARY_MARK = { creator: 'Phụ lục', titlePrefix: 'Tổng hợp: ' };
