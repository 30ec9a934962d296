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

import type { Grid } from './types';

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
  for (const ch of text) out += FROM_TCVN3.get(ch) ?? ch;
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
const FOREIGN = /[\u00A1-\u00BF\u00C4-\u00C7\u00CB\u00CE-\u00D1\u00D6-\u00D8\u00DB\u00DC\u00DE-\u00DF\u00E4-\u00E7\u00EB\u00EE-\u00F1\u00F6-\u00F8\u00FB\u00FC\u00FE\u00FF]/;

/** Vietnamese letters outside Latin-1, which neither TCVN3 nor VNI text can hold. */
const UNICODE_ONLY = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01A0\u01A1\u01AF\u01B0\u1EA0-\u1EF9]/;

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
/** A Vietnamese syllable without its tone mark: onset, one of the language's vowel groups, ending. */
const SYLLABLE =
  /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?(iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|ue|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|[aăâeêioôơuưy])(ch|ng|nh|[cmnpt])?$/;

/** Share of the words holding a non-ASCII character that are Vietnamese syllables, and how many are. */
function vietnameseShare(text: string): { share: number; good: number } {
  let words = 0;
  let good = 0;
  for (const word of text.toLowerCase().split(/[\s,.;:!?()"“”'‘’/–—-]+/)) {
    // A lone letter ("â" from a stray ©) says nothing either way.
    if (word.length < 2 || !/[^\x00-\x7f]/.test(word)) continue;
    words++;
    const decomposed = word.normalize('NFD');
    const tones = decomposed.match(TONES) ?? [];
    const syllable = SYLLABLE.exec(decomposed.replace(TONES, '').normalize('NFC'));
    // A syllable ending in c, ch, p or t takes only the acute or the dot below.
    const stopped = syllable && /^(c|ch|p|t)$/.test(syllable[3] ?? '');
    if (syllable && tones.length <= 1 && !(stopped && tones[0] !== '\u0301' && tones[0] !== '\u0323')) good++;
  }
  return { share: words === 0 ? 0 : good / words, good };
}

/**
 * The text in Unicode and the legacy encoding it was in, or null when it is not legacy text:
 * converted, it reads as Vietnamese (at least `minWords` syllables with marks, and more than twice
 * as many as before).
 */
export function decodeLegacy(text: string, minWords = 2): { text: string; encoding: LegacyEncoding } | null {
  // Legacy text is all Latin-1; a letter only Unicode has (ự, ơ, đ…) says the text is Unicode already.
  if (!FOREIGN.test(text) || UNICODE_ONLY.test(text)) return null;
  const before = vietnameseShare(text).good;
  let best: { text: string; encoding: LegacyEncoding; share: number; good: number } | null = null;
  for (const [encoding, decode] of [
    ['tcvn3', fromTcvn3],
    ['vni', fromVni],
  ] as const) {
    const converted = decode(text);
    const { share, good } = vietnameseShare(converted);
    if (!best || share > best.share) best = { text: converted, encoding, share, good };
  }
  // Converted, far more of it reads as Vietnamese than before (Unicode text that happens to hold "½" does not gain).
  return best && best.share >= 0.85 && best.good >= Math.max(minWords, 2 * before + 1) ? { text: best.text, encoding: best.encoding } : null;
}

/**
 * The grid with every cell of legacy text converted, and the encoding met first with its cell
 * (0-based), or null. Cells in Unicode (the template's printed headers) are left as they are.
 * A short cell ("Ph­êng 7": one word) is converted only on a sheet where a longer one was.
 */
export function decodeLegacyGrid(grid: Grid): { grid: Grid; legacy: { encoding: LegacyEncoding; row: number; column: number } | null } {
  let legacy: { encoding: LegacyEncoding; row: number; column: number } | null = null;
  let out: Grid | null = null;
  for (const minWords of [2, 1]) {
    if (minWords === 1 && !legacy) break;
    for (let r = 0; r < grid.length; r++) {
      const row = (out ?? grid)[r];
      if (!row) continue;
      for (let c = 0; c < row.length; c++) {
        const value = row[c];
        if (typeof value !== 'string' || !FOREIGN.test(value)) continue;
        const decoded = decodeLegacy(value, minWords);
        if (!decoded) continue;
        out ??= grid.slice();
        if (out[r] === grid[r]) out[r] = row.slice();
        (out[r] as Grid[number])[c] = decoded.text;
        if (!legacy || (r < legacy.row || (r === legacy.row && c < legacy.column))) legacy = { encoding: decoded.encoding, row: r, column: c };
      }
    }
  }
  return { grid: out ?? grid, legacy };
}
