/**
 * How much one report may hold, the same for the JSON route, an uploaded workbook and the add-in's
 * own check. A ward sends 3–10 entries of a few thousand characters, but a city's Sở Nội vụ
 * compiles 520 entries from 180 units, and a description pasted whole from a Word report fills a
 * cell (Excel holds at most 32,767 characters in one). The limits fit those; what bounds the cost
 * of a hostile workbook is that the reader stops at them (core/reader/read.ts) and looks at each distinct
 * text once (core/reader/legacy-encoding.ts).
 */
import type { CheckedEntry } from './reader/validate';
import type { ColumnKey, SectionKey } from './types';

export const REPORT_LIMITS = {
  entries: 2_000,
  /** Characters of all the text of one report together. */
  reportChars: 5_000_000,
  chars: {
    stt: 20,
    unit: 200,
    title: 1_000,
    field: 300,
    note: 5_000,
    authors: 1_000,
    phone: 50,
    category: 50,
    /** Each of the four parts of the description: a whole cell of Excel's. */
    part: 32_767,
  },
} as const;

type LimitedKey = keyof typeof REPORT_LIMITS.chars;

/** The text of an entry that counts, by where its limit comes from. */
function texts(entry: CheckedEntry): Array<[ColumnKey | SectionKey, LimitedKey, string]> {
  const out: Array<[ColumnKey | SectionKey, LimitedKey, string]> = [
    ['stt', 'stt', entry.stt],
    ['unit', 'unit', entry.unit],
    ['title', 'title', entry.title],
    ['field', 'field', entry.fieldWritten ?? entry.field],
    ['note', 'note', entry.note],
  ];
  if (entry.authors !== undefined) out.push(['authors', 'authors', entry.authors]);
  if (entry.phone !== undefined) out.push(['phone', 'phone', entry.phone]);
  if (entry.category !== undefined) out.push(['category', 'category', entry.category]);
  for (const [key, text] of Object.entries(entry.sections) as Array<[SectionKey, string | null]>) out.push([key, 'part', text ?? '']);
  return out;
}

export interface LimitFinding {
  entry: CheckedEntry | null;
  key: ColumnKey | SectionKey | null;
  kind: 'entries' | 'report' | LimitedKey;
  length: number;
  max: number;
}

/** Everything in a report over its limit, in entry order. */
export function overLimits(entries: ReadonlyArray<CheckedEntry>): LimitFinding[] {
  const found: LimitFinding[] = [];
  if (entries.length > REPORT_LIMITS.entries) found.push({ entry: null, key: null, kind: 'entries', length: entries.length, max: REPORT_LIMITS.entries });
  let total = 0;
  for (const entry of entries) {
    for (const [key, kind, text] of texts(entry)) {
      total += text.length;
      if (text.length > REPORT_LIMITS.chars[kind]) found.push({ entry, key, kind, length: text.length, max: REPORT_LIMITS.chars[kind] });
    }
  }
  if (total > REPORT_LIMITS.reportChars) found.push({ entry: null, key: null, kind: 'report', length: total, max: REPORT_LIMITS.reportChars });
  return found;
}
