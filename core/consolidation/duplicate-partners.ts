/**
 * An entry's likely duplicates as a reader of the summary sees them beside it: its pairs, most
 * alike first, and the remark a row carries (the summary's signed sheets, the documents' prize rows).
 */
import { number } from '../messages';
import type { Duplicate } from './duplicates';

/** The pairs of a summary (`Summary.duplicates`), most alike first. */
type Pairs = { duplicates: ReadonlyArray<Duplicate> };

/** Each entry's pairs in a summary's pairs, in their order (most alike first): built once per summary, not a pass over every pair per entry. */
const pairsIndex = new WeakMap<ReadonlyArray<Duplicate>, Map<string, Duplicate[]>>();

/** The likely duplicate pairs of entry `entryId`, most alike first (`partnerIn` gives the other entry of each). */
export function pairsOf(summary: Pairs, entryId: string): ReadonlyArray<Duplicate> {
  let index = pairsIndex.get(summary.duplicates);
  if (!index) {
    const built = new Map<string, Duplicate[]>();
    const add = (id: string, d: Duplicate) => (built.get(id) ?? built.set(id, []).get(id)!).push(d);
    for (const d of summary.duplicates) {
      add(d.a.id, d);
      add(d.b.id, d);
    }
    pairsIndex.set(summary.duplicates, (index = built));
  }
  return index.get(entryId) ?? [];
}

/** The other entry of pair `d`, seen from entry `entryId`. */
export const partnerIn = (d: Duplicate, entryId: string): Duplicate['a'] => (d.a.id === entryId ? d.b : d.a);

/** Where every pair is listed, for a text that names only some: the summary workbook's sheet, as a document outside it points to it. */
export const ALL_PAIRS_AT = 'xem sheet “Trùng lặp” của bảng tổng hợp';
const ALL_PAIRS_HERE = 'xem sheet “Trùng lặp”';

/**
 * The likely duplicates of an entry as a row's remark says them (a signed list's Ghi chú, a
 * prize's row): the one named, "có thể trùng với “…” (Phường 13)", or how many and where they are
 * (`where`: in the summary workbook, its Trùng lặp sheet). Naming them all, an entry alike to
 * hundreds of others (a model every ward copied) made a remark of 60,000 characters on the list a
 * council signs, past the 32,767 an Excel cell holds, and a row pages long.
 */
export function duplicatePartners(summary: Pairs, entryId: string, where = ALL_PAIRS_HERE): string {
  const pairs = pairsOf(summary, entryId);
  if (pairs.length === 0) return '';
  if (pairs.length > 1) return `có thể trùng với ${number(pairs.length)} mô hình khác (${where})`;
  const partner = partnerIn(pairs[0]!, entryId);
  return `có thể trùng với “${partner.title}” (${partner.unit})`;
}
