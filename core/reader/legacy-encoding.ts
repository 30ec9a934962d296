/**
 * Text typed in the legacy Vietnamese encodings still met in ward files (DESIGN §2): TCVN3 (ABC,
 * the `.VnTime` fonts: "Thùc tr¹ng") and VNI (`VNI-Times`: "Thöïc traïng"). Excel keeps such
 * text as the Windows-1252 characters of its bytes; converted here to Unicode.
 *
 * The TCVN3 table is TCVN 5712:1993 for bytes A1–FF, as glibc's iconv (`TCVN5712-1`) decodes them
 * (test/core/legacy-encoding.test.ts checks it against iconv). The VNI table follows VNI Windows:
 * a base letter then one character for its mark (ø grave, ù acute, û hook, õ tilde, ï dot, â
 * circumflex, ê breve; à á å ã ä circumflex with a tone, è é ú ü ë breve with a tone), and single
 * characters for ư ơ đ and the toned i (tested both ways).
 */

import type { Grid } from '../types';

export type LegacyEncoding = 'tcvn3' | 'vni';

export const LEGACY_NAMES: Record<LegacyEncoding, string> = { tcvn3: 'TCVN3 (ABC, phông .VnTime)', vni: 'VNI (phông VNI-Times)' };

/** Unicode of TCVN3 bytes 0xA1…0xFF (from iconv's TCVN5712-1). */
const TCVN3_HIGH =
  '\u0102\u00C2\u00CA\u00D4\u01A0\u01AF\u0110\u0103\u00E2\u00EA\u00F4\u01A1\u01B0\u0111\u1EB0\u0300\u0309\u0303\u0301\u0323\u00E0\u1EA3\u00E3\u00E1\u1EA1\u1EB2\u1EB1\u1EB3\u1EB5\u1EAF\u1EB4\u1EAE\u1EA6\u1EA8\u1EAA\u1EA4\u1EC0\u1EB7\u1EA7\u1EA9\u1EAB\u1EA5\u1EAD\u00E8\u1EC2\u1EBB\u1EBD\u00E9\u1EB9\u1EC1\u1EC3\u1EC5\u1EBF\u1EC7\u00EC\u1EC9\u1EC4\u1EBE\u1ED2\u0129\u00ED\u1ECB\u00F2\u1ED4\u1ECF\u00F5\u00F3\u1ECD\u1ED3\u1ED5\u1ED7\u1ED1\u1ED9\u1EDD\u1EDF\u1EE1\u1EDB\u1EE3\u00F9\u1ED6\u1EE7\u0169\u00FA\u1EE5\u1EEB\u1EED\u1EEF\u1EE9\u1EF1\u1EF3\u1EF7\u1EF9\u00FD\u1EF5\u1ED0';

const FROM_TCVN3 = new Map<string, string>();
const TO_TCVN3 = new Map<string, string>();
[...TCVN3_HIGH].forEach((unicode, i) => {
  const legacy = String.fromCharCode(0xa1 + i);
  FROM_TCVN3.set(legacy, unicode);
  if (!/[\u0300-\u036f]/.test(unicode) && !TO_TCVN3.has(unicode)) TO_TCVN3.set(unicode, legacy);
});

/** Each vowel with its six tones (none, grave, acute, hook, tilde, dot) in Unicode and in VNI. */
const VNI_ROWS: Array<[string, string[]]> = [
  ['aàáảãạ', ['a', 'aø', 'aù', 'aû', 'aõ', 'aï']],
  ['ăằắẳẵặ', ['aê', 'aè', 'aé', 'aú', 'aü', 'aë']],
  ['âầấẩẫậ', ['aâ', 'aà', 'aá', 'aå', 'aã', 'aä']],
  ['eèéẻẽẹ', ['e', 'eø', 'eù', 'eû', 'eõ', 'eï']],
  ['êềếểễệ', ['eâ', 'eà', 'eá', 'eå', 'eã', 'eä']],
  ['iìíỉĩị', ['i', 'ì', 'í', 'æ', 'ó', 'ò']],
  ['oòóỏõọ', ['o', 'oø', 'où', 'oû', 'oõ', 'oï']],
  ['ôồốổỗộ', ['oâ', 'oà', 'oá', 'oå', 'oã', 'oä']],
  ['ơờớởỡợ', ['ô', 'ôø', 'ôù', 'ôû', 'ôõ', 'ôï']],
  ['uùúủũụ', ['u', 'uø', 'uù', 'uû', 'uõ', 'uï']],
  ['ưừứửữự', ['ö', 'öø', 'öù', 'öû', 'öõ', 'öï']],
  ['yỳýỷỹỵ', ['y', 'yø', 'yù', 'yû', 'yõ', 'î']],
  ['đ', ['ñ']],
];

const FROM_VNI = new Map<string, string>();
const TO_VNI = new Map<string, string>();
for (const [letters, codes] of VNI_ROWS) {
  [...letters].forEach((letter, i) => {
    for (const [u, v] of [
      [letter, codes[i] as string],
      [letter.toUpperCase(), (codes[i] as string).toUpperCase()],
    ] as Array<[string, string]>) {
      if (u === v) continue;
      TO_VNI.set(u, v);
      FROM_VNI.set(v, u);
    }
  });
}

export function fromTcvn3(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    // "§" before a tab is a Wingdings bullet that lost its font, not TCVN3's Đ.
    out += ch === '§' && text[i + 1] === '\t' ? ch : (FROM_TCVN3.get(ch) ?? ch);
  }
  return out.normalize('NFC');
}

export function fromVni(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const pair = FROM_VNI.get(text.slice(i, i + 2));
    if (pair) {
      out += pair;
      i++;
    } else out += FROM_VNI.get(text[i] as string) ?? text[i];
  }
  return out;
}

/** Unicode → legacy, for tests and fixtures (TCVN3 has no toned capitals: they are written lower case). */
export function toLegacy(text: string, encoding: LegacyEncoding): string {
  const nfc = text.normalize('NFC');
  let out = '';
  for (const ch of nfc) {
    if (encoding === 'vni') out += TO_VNI.get(ch) ?? ch;
    else out += TO_TCVN3.get(ch) ?? TO_TCVN3.get(ch.toLowerCase()) ?? ch;
  }
  return out;
}

/** Latin-1 characters that Vietnamese Unicode text does not use as letters: the sign of a legacy encoding. */
const FOREIGN = /[\u00A1-\u00BF\u00C4-\u00C7\u00CB\u00CE-\u00D1\u00D6-\u00D8\u00DB\u00DC\u00DE-\u00DF\u00E4-\u00E7\u00EB\u00EE-\u00F1\u00F6-\u00F8\u00FB\u00FC\u00FE\u00FF]|[a-z\u00DF-\u00FF][\u00C0-\u00DE]/;
/** VNI's mark after its vowel where Vietnamese has no such pair ("keát", "daân", "hoâ", "Voõ", "Saùu"). */
const VNI_PAIR = /[aeAE][âêàáãåäÂÊÀÁÃÅÄ]|[oO][âêÂÊ]|[aeouyôAEOUYÔ][ùõÙÕ]/;
/** A Latin-1 capital inside a lower-case word ("tÝnh", "ViÖt"): how TCVN3 writes a toned lower-case vowel. */
const CAPITAL_INSIDE = /[a-z\u00DF-\u00FF][\u00C0-\u00DE]/;

/** Vietnamese letters outside Latin-1, which neither TCVN3 nor VNI text can hold. */
const UNICODE_ONLY = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01A0\u01A1\u01AF\u01B0\u1EA0-\u1EF9]/;

/** A quick test: characters or pairs that only legacy text holds. */
function looksLegacy(text: string): boolean {
  return FOREIGN.test(text) || VNI_PAIR.test(text);
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
/**
 * A Vietnamese syllable without its tone mark: onset, one of the language's vowel groups, ending.
 * Groups that end in a semivowel (ai, ao, au, ay, âu, iêu, ươi…) take no final consonant.
 */
const SYLLABLE =
  /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?(?:(iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uyu|ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu)|(uya|uyê|ia|iê|oa|oă|oe|ua|uâ|ue|uê|uô|uơ|uy|ưa|ươ|yê|[aăâeêioôơuưy])(ch|ng|nh|[cmnpt])?)$/;

/** Share of the words holding a non-ASCII character that are Vietnamese syllables, and how many are. */
function vietnameseShare(text: string): { share: number; good: number } {
  let words = 0;
  let good = 0;
  // Words are letters and the Latin-1 signs legacy text uses for them (¹, ©, ­…); anything else parts them.
  for (const cased of text.split(/[^\p{L}\p{M}\u00A1-\u00FF]+/u)) {
    // A lone letter ("â" from a stray ©) says nothing either way.
    if (cased.length < 2 || !/[^\x00-\x7f]/.test(cased)) continue;
    const word = cased.toLowerCase();
    words++;
    const decomposed = word.normalize('NFD');
    const tones = decomposed.match(TONES) ?? [];
    const syllable = SYLLABLE.exec(decomposed.replace(TONES, '').normalize('NFC'));
    // A syllable ending in c, ch, p or t takes only the acute or the dot below.
    const stopped = syllable && /^(c|ch|p|t)$/.test(syllable[4] ?? '');
    if (syllable && tones.length <= 1 && !(stopped && tones[0] !== '\u0301' && tones[0] !== '\u0323') && !CAPITAL_INSIDE.test(cased)) good++;
  }
  return { share: words === 0 ? 0 : good / words, good };
}

/**
 * The text in Unicode and the legacy encoding it was in, or null when it is not legacy text:
 * converted, it reads as Vietnamese (two syllables with marks at least, and more than twice as
 * many as before). With `only`, for a sheet known to be in that encoding: no fewer than before.
 */
export function decodeLegacy(text: string, only?: LegacyEncoding): { text: string; encoding: LegacyEncoding } | null {
  // Legacy text is all Latin-1; a letter only Unicode has (ự, ơ, đ…) says the text is Unicode already.
  // On a sheet known to be legacy (`only`), a short cell need not look it: "tôc trùc" is "tục trực".
  if ((!only && !looksLegacy(text)) || UNICODE_ONLY.test(text) || !/[^\x00-\x7f]/.test(text)) return null;
  const before = vietnameseShare(text).good;
  let best: { text: string; encoding: LegacyEncoding; share: number; good: number } | null = null;
  for (const [encoding, decode] of [
    ['tcvn3', fromTcvn3],
    ['vni', fromVni],
  ] as const) {
    if (only && encoding !== only) continue;
    const converted = decode(text);
    const { share, good } = vietnameseShare(converted);
    if (!best || good > best.good || (good === best.good && share > best.share)) best = { text: converted, encoding, share, good };
  }
  // Converted, far more of it reads as Vietnamese than before (Unicode text that happens to hold "½" does not gain);
  // on a sheet already known to be legacy, no less of it is enough.
  if (!best || best.text === text || best.share < 0.85) return null;
  return best.good >= (only ? Math.max(1, before) : Math.max(2, 2 * before + 1)) ? { text: best.text, encoding: best.encoding } : null;
}

/**
 * The grid with every cell of legacy text converted, and the encoding with the first converted
 * cell (0-based), or null. The cells that plainly look legacy decide the sheet's encoding; then
 * every cell is read in it, short ones too ("Ph­êng 7"), but not the template's printed names.
 */
export function decodeLegacyGrid(
  grid: Grid,
  /** Text printed in Unicode by the template (the header's names), never converted on a short cell's evidence. */
  printed: (text: string) => boolean = () => false,
): { grid: Grid; legacy: { encoding: LegacyEncoding; row: number; column: number } | null } {
  const votes: Record<LegacyEncoding, number> = { tcvn3: 0, vni: 0 };
  // Each distinct text is looked at once, however many cells repeat it: the cost follows the
  // workbook's distinct text (its shared strings), not its cells.
  const voteOf = new Map<string, LegacyEncoding | null>();
  for (const row of grid) {
    for (const value of row ?? []) {
      if (typeof value !== 'string') continue;
      let vote = voteOf.get(value);
      if (vote === undefined) {
        // Most cells hold a letter only Unicode has (ư, ơ, đ, ạ…) early on: the cheapest test first.
        vote = UNICODE_ONLY.test(value) || !looksLegacy(value) ? null : (decodeLegacy(value)?.encoding ?? null);
        voteOf.set(value, vote);
      }
      if (vote) votes[vote]++;
    }
  }
  if (votes.tcvn3 === 0 && votes.vni === 0) return { grid, legacy: null };
  const encoding: LegacyEncoding = votes.vni > votes.tcvn3 ? 'vni' : 'tcvn3';
  let legacy: { encoding: LegacyEncoding; row: number; column: number } | null = null;
  const decodedOf = new Map<string, string | null>();
  const out = grid.map((row, r) =>
    row?.map((value, c) => {
      if (typeof value !== 'string') return value;
      let decoded = decodedOf.get(value);
      if (decoded === undefined) {
        decoded = printed(value) ? null : (decodeLegacy(value, encoding)?.text ?? null);
        decodedOf.set(value, decoded);
      }
      if (decoded === null) return value;
      legacy ??= { encoding, row: r, column: c };
      return decoded;
    }),
  ) as Grid;
  return { grid: out, legacy };
}
