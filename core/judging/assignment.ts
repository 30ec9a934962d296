/**
 * Which reviewer scores which entry, when the round assigns them (`round.assignment`):
 * - by field, as the district's plan assigns each field to offices (Phòng Tư pháp appraises
 *   Cải cách thể chế, …): an entry goes to every reviewer of the offices named for its field;
 * - evenly: an entry goes to the reviewers that rank highest for it by a hash of the pair
 *   (rendezvous hashing): about as many entries each, and stable: an entry's reviewers depend on
 *   that entry alone, so a report sent again or a reviewer added moves almost nothing, and a
 *   reviewer working offline for days keeps their list.
 * Either way a reviewer never gets an entry of their own unit, and an entry with fewer than the
 * round's minimum of reviewers is topped up the same way; one that still cannot reach it (too few
 * reviewers outside its unit) is reported as short.
 */
import { compareKey } from '../text';
import { accountUnitName, ownUnitsOf, type UnitHolder } from '../rounds/units';
import type { Round } from '../rounds/round';

export interface AssignableEntry {
  id: string;
  unit: string;
  field: string;
}

export interface Reviewer extends UnitHolder {
  id: string;
}

export interface Assignment {
  /** Entry ids per reviewer id, in the entries' order. */
  byReviewer: Map<string, string[]>;
  /** Reviewer ids per entry id. */
  byEntry: Map<string, string[]>;
  /** Entries that could not get the round's minimum of reviewers. */
  short: string[];
}

/** How high reviewer `reviewerId` ranks for entry `entryId` in an even assignment (rendezvous hashing). */
export function pairRank(entryId: string, reviewerId: string): number {
  return hash(`${entryId}\u0000${reviewerId}`);
}

/** FNV-1a, 32 bits: a cheap, well-spread hash of a short string (the same in the pane and the server). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final mix, so pairs that differ in their last characters still rank far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

export function assignEntries(round: Pick<Round, 'assignment' | 'rubric' | 'units'>, entries: ReadonlyArray<AssignableEntry>, reviewers: ReadonlyArray<Reviewer>): Assignment {
  const need = round.rubric.minReviewers;
  const byReviewer = new Map<string, string[]>(reviewers.map((r) => [r.id, []]));
  const byEntry = new Map<string, string[]>();
  const short: string[] = [];
  const offices = new Map((round.assignment?.offices ?? []).map((o) => [compareKey(o.field), new Set(o.units.map(compareKey))]));

  const ownUnits = ownUnitsOf(round, reviewers, entries.map((e) => e.unit));
  const unitNames = reviewers.map((r) => compareKey(accountUnitName(round, r) ?? ''));
  for (const entry of entries) {
    const eligible = reviewers.flatMap((_, i) => (ownUnits[i]!.has(entry.unit) ? [] : [i]));
    const named = round.assignment?.mode === 'by-field' ? offices.get(compareKey(entry.field)) : undefined;
    const chosen = named ? eligible.filter((i) => named.has(unitNames[i]!)) : [];
    // The rest ranked by the pair's hash, highest first (ties in reviewers' order): only the few still needed are kept, not all sorted.
    const picked = new Set(chosen);
    const best: Array<{ i: number; rank: number }> = [];
    const wanted = need - chosen.length;
    if (wanted > 0) {
      for (const i of eligible) {
        if (picked.has(i)) continue;
        const rank = pairRank(entry.id, reviewers[i]!.id);
        if (best.length === wanted && rank <= best[wanted - 1]!.rank) continue;
        let at = best.length;
        while (at > 0 && best[at - 1]!.rank < rank) at--;
        best.splice(at, 0, { i, rank });
        if (best.length > wanted) best.pop();
      }
    }
    for (const { i } of best) chosen.push(i);
    const picks = chosen.map((i) => reviewers[i]!.id);
    for (const id of picks) byReviewer.get(id)!.push(entry.id);
    byEntry.set(entry.id, picks);
    if (picks.length < need) short.push(entry.id);
  }
  return { byReviewer, byEntry, short };
}
