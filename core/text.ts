/**
 * Vietnamese text normalisation.
 *
 * Three levels, each for its own job:
 * - `toNfc`: how text is stored (as the officer wrote it, in NFC, LF line breaks).
 * - `compareKey`: equality of names and titles (NFC, one tone-mark placement, case and spaces folded).
 * - `foldKey`: loose matching (no diacritics, đ → d, punctuation to spaces, lower case).
 */

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** An o/u followed by a toned a, e or y: the only place a tone mark can need moving. */
const MOVABLE_TONE = /[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]/;

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab and line breaks, U+FFFE, U+FFFF,
 * unpaired surrogates): one of them in a cell makes a written .xlsx unreadable, so they never
 * get past the boundary. A quick test first; the slow path walks the text (no lookbehind: Safari
 * before 16.4, Excel on older Macs, cannot parse it, and this module is in the task pane).
 */
const MAYBE_NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

function withoutNonXml(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) out += text.slice(i, ++i + 1); // a pair: one character
      continue; // a lone high surrogate
    }
    if ((c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) continue;
    out += text.charAt(i);
  }
  return out;
}

/**
 * What text pasted from Word and web pages brings along (DESIGN §2): zero-width characters and
 * soft hyphens (dropped), the other Unicode spaces (a space), a manual line break (_x000B_,
 * vertical tab) or a line/paragraph separator (a line break), and bullets of the Symbol and
 * Wingdings fonts, which arrive as private-use characters or, when the font is lost, as `§`, `Ø`,
 * `ü` before a space or tab, and Word's second-level `o` before a tab (a bullet •). None of them may hide a heading or stay in the stored text.
 */
const PASTED = /[\u000B\u000C\u00AD\u2000-\u200D\u2028-\u202F\u205F-\u2060\u3000\uFEFF\uE000-\uF8FF]/;
const LOST_BULLET = /(?:^|\n)[ \t]*(?:[§Øü][ \t]|o\t)/;
const MAYBE_LOST_BULLET = /[§Øü\t]/;

function withoutPasted(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u000B\u000C\u2028\u2029]/g, '\n')
    .replace(/(^|\n)([ \t]*)(?:[\uE000-\uF8FF]|[§Øü](?=[ \t])|o(?=\t))[ \t]*/g, '$1$2• ')
    .replace(/[\uE000-\uF8FF]/g, '');
}

/** Excel's escape of a character XML cannot hold (`_x000D_`); `_x005F_` escapes a literal underscore. */
const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** A cell's text as Excel shows it: the _xHHHH_ escapes some writers leave in the file, decoded. */
export function unescapeExcel(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(EXCEL_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Stored form: NFC, CRLF/CR → LF, no-break and other spaces → spaces, no zero-width character,
 * symbol-font bullets as •, no character XML cannot carry.
 */
export function toNfc(text: string): string {
  let out = text.normalize('NFC');
  if (PASTED.test(out) || (MAYBE_LOST_BULLET.test(out) && LOST_BULLET.test(out))) out = withoutPasted(out);
  if (MAYBE_NOT_XML.test(out)) out = withoutNonXml(out);
  if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
  if (out.includes('\u00a0')) out = out.replace(/\u00a0/g, ' ');
  return out;
}

/**
 * Moves a tone mark written on the second vowel of a final `oa`, `oe`, `uy` (hoà, khoẻ, thuỷ)
 * to the first vowel (hòa, khỏe, thủy), the placement used in the district's own documents.
 * `qu` is a consonant, so `quý` and `quả` are left alone; a following consonant or vowel
 * (hoàn, thuyền, ngoài) means the mark already sits where both styles put it.
 */
export function normalizeToneMarks(text: string): string {
  const nfc = text.normalize('NFC');
  if (!MOVABLE_TONE.test(nfc)) return nfc;
  return nfc.replace(/(^|[^qQ])([oOuU])(\p{L})(?!\p{L})/gu, (whole, before: string, first: string, second: string) => {
    const decomposed = second.normalize('NFD');
    const base = decomposed.replace(TONE_MARKS, '');
    const tone = decomposed.match(TONE_MARKS)?.[0];
    if (!tone) return whole;
    const pair = (first + base).toLowerCase();
    if (pair !== 'oa' && pair !== 'oe' && pair !== 'uy') return whole;
    return before + (first + tone).normalize('NFC') + base.normalize('NFC');
  });
}

/** Key under which two spellings of the same name compare equal (hoá = hóa, UỶ = Ủy). */
export function compareKey(text: string): string {
  return normalizeToneMarks(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** One character without its diacritics, lower case; always exactly one UTF-16 unit out for one in. */
export function foldChar(ch: string): string {
  if (ch === 'đ' || ch === 'Đ') return 'd';
  if (ch === '：') return ':'; // a full-width colon ends a heading too
  const folded = ch.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
  if (folded.length === 1) return folded;
  // A stray combining mark folds to a space; a letter whose lower case is longer stays as it is.
  return folded.length === 0 ? ' ' : ch;
}

/** Folded code unit of every code unit met so far (0: not yet computed). */
const FOLD_TABLE = new Uint16Array(0x10000);
const UTF16 = new TextDecoder('utf-16le');

/**
 * Folds an NFC string code unit by code unit, keeping positions: folded[i] stands for text[i].
 * Used where a match in the folded text must be cut out of the original. Runs over every
 * description of every report, hence the lookup table and one native decode.
 */
export function foldAligned(nfcText: string): string {
  const out = new Uint16Array(nfcText.length);
  for (let i = 0; i < nfcText.length; i++) {
    const code = nfcText.charCodeAt(i);
    let folded = FOLD_TABLE[code] as number;
    if (folded === 0) {
      folded = foldChar(String.fromCharCode(code)).charCodeAt(0);
      FOLD_TABLE[code] = folded;
    }
    out[i] = folded;
  }
  return UTF16.decode(out);
}

/** Loose-matching key: no diacritics, đ → d, lower case, punctuation and runs of spaces → one space. */
export function foldKey(text: string): string {
  return foldAligned(text.normalize('NFC'))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Similarity in [0, 1]: the Dice coefficient of the character bigrams of the two folded keys. */
export function similarity(a: string, b: string): number {
  const x = foldKey(a);
  const y = foldKey(b);
  if (x === y) return x.length > 0 ? 1 : 0;
  if (x.length < 2 || y.length < 2) return 0;
  const bigrams = new Map<string, number>();
  for (let i = 0; i < x.length - 1; i++) {
    const g = x.slice(i, i + 2);
    bigrams.set(g, (bigrams.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const g = y.slice(i, i + 2);
    const n = bigrams.get(g) ?? 0;
    if (n > 0) {
      shared++;
      bigrams.set(g, n - 1);
    }
  }
  return (2 * shared) / (x.length - 1 + (y.length - 1));
}

/** Text of a grid cell: strings as NFC, numbers and booleans as Excel shows them, blanks as "". */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return toNfc(unescapeExcel(value));
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return '';
}
