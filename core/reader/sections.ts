/**
 * Splitting a Mô tả into its four parts (DESIGN §2).
 *
 * A heading is one of the synonyms of a part, without regard to diacritics or case, followed by a
 * colon, and standing where a heading can stand: at the start of the text or of a line, after a
 * bullet (- + • *) or an enumerator (1. a) II.), or inline after the end of a sentence. The same
 * words inside a sentence ("… đạt hiệu quả cao") are text, not a heading.
 */
import { SECTIONS } from './template';
import { foldAligned, toNfc } from '../text';
import type { SectionKey, Sections } from '../types';

export interface SplitDescription {
  sections: Sections;
  /** Parts whose heading is there but with nothing after it. */
  emptyHeadings: SectionKey[];
  /** Text before the first heading (kept, never dropped). */
  preamble: string;
}

/** Folded synonym phrases (words joined by one space, without "và") → their part. */
const PHRASES = new Map<string, SectionKey>();
for (const section of SECTIONS) for (const synonym of section.synonyms) PHRASES.set(withoutVa(synonym.split(' ')).join(' '), section.key);
const MAX_PHRASE_WORDS = Math.max(...[...PHRASES.keys()].map((p) => p.split(' ').length));
/** The words a heading can start with: a line starting otherwise is no bare heading, and is not looked at further. */
const FIRST_WORDS = new Set([...PHRASES.keys()].map((p) => p.split(' ')[0] as string));
/** A longer heading may say up to this many words more before its colon. */
const MAX_EXTRA_WORDS = 5;
/** How far before its colon a heading may start. */
const WINDOW = 120;

/** Bullets as typed, and as pasted from Word and web pages (arrows, squares, ticks, dashes). */
const BULLET_CHARS = '-+•*–—‒−‐·●▪■□○◦▫◆♦❖➢➤►▸‣⁃→➔⇒✓✔√>★';
const BULLETS = new Set([...BULLET_CHARS]);
const MARKER = new RegExp(`^(?:[${BULLET_CHARS.replace(/[-\\\]^]/g, '\\$&')}]|(?:\\d{1,2}|[a-d]|[ivx]{1,4})[.)])`);
const SENTENCE_END = new Set(['.', ';', '!', '?', '…']);
/** What may stand between the words of a heading: "Thực trạng, sự cần thiết", "Thực trạng/sự cần thiết". */
const WORD_GAP = new Set([' ', '\t', ',', '/', '&', '-']);
const ENUMERATOR = /^(?:\d{1,2}|[a-d]|[ivx]{1,4})$/;

function withoutVa(words: string[]): string[] {
  return words.filter((w) => w !== 'va');
}

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  return /[\p{L}\p{N}]/u.test(ch);
}

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';

interface Heading {
  key: SectionKey;
  start: number;
  end: number;
  lineStart: boolean;
}

/** Up to `max` words ending exactly at `end`, left to right, joined only by WORD_GAP characters. */
function wordsBefore(folded: string, end: number, max: number): Array<{ word: string; start: number }> {
  const words: Array<{ word: string; start: number }> = [];
  let i = end - 1;
  if (!isWordChar(folded[i])) return words;
  while (words.length < max && i >= 0 && end - i <= WINDOW) {
    const wordEnd = i + 1;
    while (i >= 0 && isWordChar(folded[i])) i--;
    words.unshift({ word: folded.slice(i + 1, wordEnd), start: i + 1 });
    let gap = i;
    while (gap >= 0 && WORD_GAP.has(folded[gap] as string)) gap--;
    if (gap === i || !isWordChar(folded[gap])) break;
    i = gap;
  }
  return words;
}

/**
 * Whether a heading starting at `start` stands where a heading can: at the start of the text or a
 * line, after a sentence end, or after a bullet or enumerator. Returns where the heading begins.
 */
function headingLead(folded: string, start: number): { lineStart: boolean; start: number } | null {
  let i = start - 1;
  while (isBlank(folded[i])) i--;
  const ch = folded[i];
  let markerStart = -1;
  if (ch !== undefined && BULLETS.has(ch)) markerStart = i;
  else if (ch === '.' || ch === ')') {
    let j = i - 1;
    while (j >= 0 && isWordChar(folded[j]) && i - j <= 4) j--;
    if (ENUMERATOR.test(folded.slice(j + 1, i))) markerStart = j + 1;
  }
  if (markerStart >= 0) {
    let k = markerStart - 1;
    const spaced = isBlank(folded[k]);
    while (isBlank(folded[k])) k--;
    if (k < 0 || folded[k] === '\n') return { lineStart: true, start: k + 1 };
    if (SENTENCE_END.has(folded[k] as string)) return { lineStart: false, start: k + 1 };
    if (spaced) return { lineStart: false, start: markerStart };
  }
  if (i < 0 || ch === '\n') return { lineStart: true, start: i + 1 };
  if (ch !== undefined && SENTENCE_END.has(ch)) return { lineStart: false, start: i + 1 };
  return null;
}

/** The heading whose colon is at `colon` ("… Hiệu quả (số liệu):"), or null. */
function headingAt(folded: string, colon: number): Heading | null {
  let end = colon;
  while (isBlank(folded[end - 1])) end--;
  if (folded[end - 1] === ')') {
    const open = folded.lastIndexOf('(', end - 1);
    if (open >= 0 && end - open <= 62 && !folded.slice(open, end).includes('\n')) {
      end = open;
      while (isBlank(folded[end - 1])) end--;
    }
  }
  const words = wordsBefore(folded, end, MAX_PHRASE_WORDS + 2);
  // The longest run of last words that is a synonym, built from the colon backwards.
  let phrase = '';
  let match: { key: SectionKey; start: number } | null = null;
  for (let first = words.length - 1; first >= 0; first--) {
    const { word, start } = words[first] as { word: string; start: number };
    if (word === 'va') continue;
    phrase = phrase ? `${word} ${phrase}` : word;
    const key = PHRASES.get(phrase);
    if (key) match = { key, start };
  }
  if (!match) return null;
  const lead = headingLead(folded, match.start);
  return lead ? { key: match.key, start: lead.start, end: colon + 1, lineStart: lead.lineStart } : null;
}

/** A line opening with a heading that says more before its colon: "- Hiệu quả mang lại cho người dân:". */
function longHeadingAt(folded: string, colon: number): Heading | null {
  const lineStart = folded.lastIndexOf('\n', colon - 1) + 1;
  if (colon - lineStart > WINDOW) return null;
  let p = lineStart;
  while (isBlank(folded[p])) p++;
  const marker = MARKER.exec(folded.slice(p, p + 6));
  const text = folded.slice(p + (marker ? marker[0].length : 0), colon);
  if (/[.;]/.test(text)) return null;
  const words = withoutVa(text.split(/[\s,/&-]+/).filter(Boolean));
  for (let n = Math.min(MAX_PHRASE_WORDS, words.length - 1); n >= 1; n--) {
    const key = PHRASES.get(words.slice(0, n).join(' '));
    if (key && words.length - n <= MAX_EXTRA_WORDS) return { key, start: lineStart, end: colon + 1, lineStart: true };
  }
  return null;
}

/**
 * Headings alone on their line, without a colon, as officers also write them ("THỰC TRẠNG",
 * "- Hiệu quả đạt được", "2. Nội dung"): the whole line, past its bullet or number, is one of the
 * synonyms. A line that merely starts with one ("Hiệu quả giải quyết hồ sơ …") is text.
 */
function bareHeadings(folded: string): Heading[] {
  const found: Heading[] = [];
  let lineStart = 0;
  while (lineStart <= folded.length) {
    let lineEnd = folded.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = folded.length;
    if (lineEnd - lineStart <= WINDOW) {
      let p = lineStart;
      while (isBlank(folded[p])) p++;
      const marker = MARKER.exec(folded.slice(p, p + 6));
      let from = p + (marker ? marker[0].length : 0);
      while (isBlank(folded[from])) from++;
      let wordEnd = from;
      while (isWordChar(folded[wordEnd])) wordEnd++;
      // "Kết quả." with its full stop is a sentence, not a heading.
      const text = FIRST_WORDS.has(folded.slice(from, wordEnd)) ? folded.slice(from, lineEnd).replace(/\([^()\n]{0,60}\)\s*$/, '').trimEnd() : '';
      if (text && !text.includes(':')) {
        const key = PHRASES.get(withoutVa(text.split(/[\s,/&-]+/).filter(Boolean)).join(' '));
        if (key) found.push({ key, start: lineStart, end: lineEnd, lineStart: true });
      }
    }
    lineStart = lineEnd + 1;
  }
  return found;
}

function findHeadings(folded: string): Heading[] {
  const found: Heading[] = bareHeadings(folded);
  const long: Heading[] = [];
  for (let colon = folded.indexOf(':'); colon >= 0; colon = folded.indexOf(':', colon + 1)) {
    const heading = headingAt(folded, colon);
    if (heading) found.push(heading);
    else {
      const longer = longHeadingAt(folded, colon);
      if (longer) long.push(longer);
    }
  }
  // A longer heading counts only for a part that has no heading of the ordinary form.
  const seen = new Set(found.map((h) => h.key));
  for (const h of long) {
    if (seen.has(h.key)) continue;
    found.push(h);
    seen.add(h.key);
  }
  // "…; kết quả: 100% hồ sơ" inside a part is text when the same part also has a heading on a line of its own.
  const hasLineStart = new Set(found.filter((h) => h.lineStart).map((h) => h.key));
  return found.filter((h) => h.lineStart || !hasLineStart.has(h.key)).sort((a, b) => a.start - b.start);
}

/** Runs of spaces become one, lines are trimmed, and so is the whole. */
function tidy(text: string): string {
  if (!/\t| {2}| \n|\n /.test(text)) return text.trim();
  return text.replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').trim();
}

export function emptySections(): Sections {
  return { thucTrang: null, noiDung: null, hieuQua: null, tinhMoi: null };
}

export function splitDescription(description: string): SplitDescription {
  return splitNfcDescription(toNfc(description));
}

/** splitDescription for text already in stored form (NFC, LF), as the reader's cells are. */
export function splitNfcDescription(text: string): SplitDescription {
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
