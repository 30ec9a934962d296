/**
 * Matching the Lĩnh vực an officer wrote to the round's field list: exactly, then loosely
 * (folded key, abbreviation, the field's number in the list, an unambiguous part of its name,
 * a near spelling such as the southern `hành chánh`).
 */
import { compareKey, foldKey, similarity } from '../text';
import { expandedKey, type FieldDefinition } from './template';

export type FieldMatch =
  | { kind: 'empty' }
  | { kind: 'exact'; name: string }
  | { kind: 'normalized'; name: string }
  | { kind: 'unknown'; suggestions: string[] };

const NEAR_SPELLING = 0.85;
const NEAR_SPELLING_MARGIN = 0.1;

/** compareKey of each field name, per field list: matching runs once per entry of every report. */
const exactKeys = new WeakMap<ReadonlyArray<FieldDefinition>, Map<string, string>>();

function exactKeyMap(fields: ReadonlyArray<FieldDefinition>): Map<string, string> {
  let keys = exactKeys.get(fields);
  if (!keys) {
    keys = new Map(fields.map((f) => [compareKey(f.name), f.name]));
    exactKeys.set(fields, keys);
  }
  return keys;
}

/** Matches per field list and written text: a report repeats the same few field texts on every row. */
const matchCache = new WeakMap<ReadonlyArray<FieldDefinition>, Map<string, FieldMatch>>();
const MATCH_CACHE_SIZE = 2_000;

export function matchField(written: string, fields: ReadonlyArray<FieldDefinition>): FieldMatch {
  let cache = matchCache.get(fields);
  if (!cache) {
    cache = new Map();
    matchCache.set(fields, cache);
  }
  let match = cache.get(written);
  if (!match) {
    match = matchFieldUncached(written, fields);
    if (cache.size >= MATCH_CACHE_SIZE) cache.clear();
    cache.set(written, match);
  }
  return match;
}

function matchFieldUncached(written: string, fields: ReadonlyArray<FieldDefinition>): FieldMatch {
  if (!foldKey(written)) return { kind: 'empty' };
  const exact = exactKeyMap(fields).get(compareKey(written));
  if (exact) return { kind: 'exact', name: exact };

  const numbered = /^(?:linh vuc\s*)?(\d{1,2})(?:\s+(.*))?$/.exec(foldKey(written));
  if (numbered) {
    const byNumber = fields[Number(numbered[1]) - 1];
    const rest = numbered[2] ?? '';
    if (byNumber) {
      const byText = rest ? matchByText(rest, fields) : null;
      if (!byText || byText === byNumber) return { kind: 'normalized', name: byNumber.name };
      return { kind: 'unknown', suggestions: [byNumber.name, byText.name] };
    }
  }

  const byText = matchByText(written, fields);
  if (byText) return { kind: 'normalized', name: byText.name };
  return { kind: 'unknown', suggestions: suggestFields(written, fields) };
}

/** The one field the text names unambiguously, or null. */
function matchByText(text: string, fields: ReadonlyArray<FieldDefinition>): FieldDefinition | null {
  const key = expandedKey(text);
  if (!key) return null;
  const names = (f: FieldDefinition) => [expandedKey(f.name), ...(f.aliases ?? []).map(expandedKey)];

  const sameKey = fields.filter((f) => names(f).includes(key));
  if (sameKey.length === 1) return sameKey[0] ?? null;

  // Part of the name: every word written appears in the field's name or aliases.
  const words = key.split(' ');
  const containing = fields.filter((f) => {
    const vocabulary = new Set(names(f).join(' ').split(' '));
    return words.every((w) => vocabulary.has(w));
  });
  if (containing.length === 1) return containing[0] ?? null;
  if (containing.length > 1) {
    // Several fields share the words; the one holding them as a phrase wins, if only one does.
    const phrase = containing.filter((f) => names(f).some((n) => ` ${n} `.includes(` ${key} `)));
    return phrase.length === 1 ? (phrase[0] ?? null) : null;
  }

  const ranked = rankBySimilarity(text, fields);
  const [best, second] = ranked;
  if (best && best.score >= NEAR_SPELLING && (!second || best.score - second.score >= NEAR_SPELLING_MARGIN)) {
    return best.field;
  }
  return null;
}

function rankBySimilarity(text: string, fields: ReadonlyArray<FieldDefinition>) {
  return fields
    .map((field) => ({
      field,
      score: Math.max(similarity(text, field.name), ...(field.aliases ?? []).map((a) => similarity(text, a))),
    }))
    .sort((a, b) => b.score - a.score);
}

/** Up to three fields the officer may have meant, the likeliest first. */
export function suggestFields(written: string, fields: ReadonlyArray<FieldDefinition>): string[] {
  const words = new Set(expandedKey(written).split(' '));
  return fields
    .map((field) => {
      const vocabulary = expandedKey(field.name).split(' ');
      const overlap = vocabulary.filter((w) => words.has(w)).length / Math.max(words.size, 1);
      return { name: field.name, score: Math.max(similarity(written, field.name), overlap) };
    })
    .filter((s) => s.score > 0.2)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((s) => s.name);
}

/**
 * The round's fields an entry names when it names several ("Cải cách TTHC, CĐS"), in the order
 * written; fewer than two when it names one. A field whose own name holds a comma ("chính quyền
 * điện tử, chính quyền số") is one field.
 */
export function fieldsNamed(written: string, fields: ReadonlyArray<FieldDefinition>): string[] {
  const whole = matchField(written, fields);
  if (whole.kind === 'exact') return [whole.name];
  const names: string[] = [];
  for (const part of written.split(/[,;/+&]|\s+và\s+/)) {
    const match = matchField(part, fields);
    if ((match.kind === 'exact' || match.kind === 'normalized') && !names.includes(match.name)) names.push(match.name);
  }
  return names;
}
