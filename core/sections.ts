/**
 * Splitting a Mô tả into its four parts (DESIGN §2).
 *
 * A heading is one of the synonyms of a part, without regard to diacritics or case, followed by a
 * colon, and standing where a heading can stand: at the start of the text or of a line, after a
 * bullet (- + • *) or an enumerator (1. a) II.), or inline after the end of a sentence. The same
 * words inside a sentence ("… đạt hiệu quả cao") are text, not a heading.
 */
import { SECTIONS } from './template';
import { foldAligned, toNfc } from './text';
import { SECTION_KEYS, type SectionKey, type Sections } from './types';

export interface SplitDescription {
  sections: Sections;
  /** Parts whose heading is there but with nothing after it. */
  emptyHeadings: SectionKey[];
  /** Text before the first heading (kept, never dropped). */
  preamble: string;
}

const MARKER = String.raw`(?:[-+•*–·]|(?:\d{1,2}|[a-dđ]|[ivx]{1,4})[.)])`;

/** Synonym words may be separated by spaces, commas, slashes or "và" in the text. */
function synonymPattern(folded: string): string {
  return folded
    .split(' ')
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(String.raw`[\s,/&-]*(?:va\s+)?`);
}

const SYNONYMS: Array<{ key: SectionKey; pattern: string }> = SECTIONS.flatMap((s) =>
  s.synonyms.map((syn) => ({ key: s.key, pattern: synonymPattern(syn) })),
).sort((a, b) => b.pattern.length - a.pattern.length);

const SYNONYM_GROUP = SYNONYMS.map((s) => `(${s.pattern})`).join('|');

/**
 * Heading candidates in folded text. Group 1: what stands before (start, newline, sentence end,
 * or a space before a marker); then the optional marker; then the synonym; then an optional
 * parenthesis; then the colon.
 */
const HEADING = new RegExp(
  String.raw`(^|\n|[.;!?…]|[ \t](?=${MARKER}))[ \t]*(?:${MARKER}[ \t]*)?(?:${SYNONYM_GROUP})[ \t]*(?:\([^)\n]{0,60}\)[ \t]*)?[:：]`,
  'g',
);

/** A heading at the start of a line that says more before its colon: "- Hiệu quả mang lại cho người dân:". */
const LONG_HEADING = new RegExp(
  String.raw`(^|\n)[ \t]*(?:${MARKER}[ \t]*)?(?:${SYNONYM_GROUP})(?:[ \t]+[^\s:.;,]+){1,5}[ \t]*[:：]`,
  'g',
);

interface Heading {
  key: SectionKey;
  start: number;
  end: number;
  lineStart: boolean;
}

function synonymKey(match: RegExpExecArray): SectionKey {
  // Groups 2.. are the synonyms, in SYNONYMS order.
  for (let i = 0; i < SYNONYMS.length; i++) if (match[i + 2] !== undefined) return (SYNONYMS[i] as (typeof SYNONYMS)[number]).key;
  throw new Error('heading without synonym');
}

function findHeadings(folded: string): Heading[] {
  const found: Heading[] = [];
  for (const m of folded.matchAll(HEADING)) {
    const lead = m[1] ?? '';
    const start = (m.index ?? 0) + (lead === '\n' || /[.;!?…]/.test(lead) ? lead.length : 0);
    found.push({ key: synonymKey(m), start, end: (m.index ?? 0) + m[0].length, lineStart: lead === '' || lead === '\n' });
  }
  const seen = new Set(found.map((h) => h.key));
  for (const m of folded.matchAll(LONG_HEADING)) {
    const key = synonymKey(m);
    const start = (m.index ?? 0) + (m[1] ?? '').length;
    const overlaps = found.some((h) => h.start < (m.index ?? 0) + m[0].length && start < h.end);
    if (!seen.has(key) && !overlaps) {
      found.push({ key, start, end: (m.index ?? 0) + m[0].length, lineStart: true });
      seen.add(key);
    }
  }
  // "…; kết quả: 100% hồ sơ" inside a part is text when the same part also has a heading on a line of its own.
  const hasLineStart = new Set(found.filter((h) => h.lineStart).map((h) => h.key));
  return found.filter((h) => h.lineStart || !hasLineStart.has(h.key)).sort((a, b) => a.start - b.start);
}

/** Trims each line and the whole, and drops blank lines at either end. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .trim();
}

export function emptySections(): Sections {
  return { thucTrang: null, noiDung: null, hieuQua: null, tinhMoi: null };
}

export function splitDescription(description: string): SplitDescription {
  const text = toNfc(description);
  const headings = findHeadings(foldAligned(text));
  const sections = emptySections();
  const emptyHeadings: SectionKey[] = [];
  headings.forEach((h, i) => {
    const next = headings[i + 1];
    const body = tidy(text.slice(h.end, next ? next.start : text.length));
    if (!body) {
      if (sections[h.key] === null && !emptyHeadings.includes(h.key)) emptyHeadings.push(h.key);
      return;
    }
    // A part written twice (a continuation row repeating its heading) keeps both texts.
    sections[h.key] = sections[h.key] === null ? body : `${sections[h.key]}\n${body}`;
  });
  const preamble = tidy(headings.length > 0 ? text.slice(0, (headings[0] as Heading).start) : text);
  return { sections, emptyHeadings: emptyHeadings.filter((k) => sections[k] === null), preamble };
}

/**
 * The text of one part written in its own column: the cell may repeat the part's heading
 * ("Thực trạng: …"), which is dropped; any other heading is left as text.
 */
export function partColumnText(key: SectionKey, cell: string): string {
  const text = tidy(toNfc(cell));
  const [first] = findHeadings(foldAligned(text));
  if (first && first.key === key && tidy(text.slice(0, first.start)) === '') return tidy(text.slice(first.end));
  return text;
}

/** Renders four parts back into one description cell, one heading per line. */
export function joinSections(sections: Sections): string {
  return SECTION_KEYS.map((key) => {
    const label = SECTIONS.find((s) => s.key === key)?.label ?? key;
    const body = sections[key];
    return body ? `- ${label}: ${body}` : `- ${label}:`;
  }).join('\n');
}
