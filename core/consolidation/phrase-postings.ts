/**
 * Which held entries hold each phrase, and how many: what lets DuplicateIndex measure an entry sent
 * again against only the entries that could be its duplicates, not against every one. An entry
 * whose description reaches the threshold with it shares at least one of its rarest phrases (the
 * prefix filter, duplicates.ts), so only the entries listed under those phrases are candidates.
 *
 * The entries of the whole search are listed in one pair of arrays (each phrase's entries side by
 * side); entries measured since are listed in a map beside them, and entries forgotten stay listed,
 * until enough have come and gone that listing everything again is the cheaper.
 */

/** An entry as the postings know it: its place (a number no other held entry has) and its phrase numbers. */
export interface Posted {
  place: number;
  phrases: Int32Array;
}

export class PhrasePostings {
  /** Phrase p's entries from the last listing are entries[start[p]] up to entries[start[p + 1]]. */
  private start = new Int32Array(1);
  private entries = new Int32Array(0);
  /** Entries listed since, by phrase. */
  private added = new Map<number, number[]>();
  private addedCount = 0;
  /** How many live entries hold each phrase. */
  private frequency = new Int32Array(1024);
  /** Entries forgotten since the last listing (still in `entries`: DuplicateIndex passes over places it no longer holds). */
  private gone = 0;
  /** How many times everything was listed. */
  listings = 0;

  /** Lists `held` afresh (after the whole search, or once enough has come and gone). */
  list(held: Iterable<Posted>, phraseCount: number): void {
    const all = [...held];
    this.frequency = new Int32Array(Math.max(1024, phraseCount));
    for (const h of all) for (const p of h.phrases) this.frequency[p]! += 1;
    const start = new Int32Array(phraseCount + 1);
    for (let p = 0; p < phraseCount; p++) start[p + 1] = (start[p] as number) + (this.frequency[p] as number);
    const entries = new Int32Array(start[phraseCount] as number);
    const next = start.slice(0, phraseCount);
    for (const h of all) for (const p of h.phrases) entries[next[p]!++] = h.place;
    this.start = start;
    this.entries = entries;
    this.added.clear();
    this.addedCount = 0;
    this.gone = 0;
    this.listings++;
  }

  /** Whether so much was added or forgotten since the last listing that it should be listed again. */
  get worn(): boolean {
    return this.addedCount + this.gone > Math.max(1_000, (this.start.length - 1) / 8, this.entries.length / 8);
  }

  add(h: Posted): void {
    for (const p of h.phrases) {
      if (p >= this.frequency.length) {
        const wider = new Int32Array(Math.max(p + 1, 2 * this.frequency.length));
        wider.set(this.frequency);
        this.frequency = wider;
      }
      this.frequency[p]! += 1;
      const list = this.added.get(p);
      if (list) list.push(h.place);
      else this.added.set(p, [h.place]);
    }
    this.addedCount++;
  }

  forget(h: Posted): void {
    for (const p of h.phrases) this.frequency[p]! -= 1;
    this.gone++;
  }

  /**
   * The places of every entry listed (forgotten ones too) that shares one of `phrases`' rarest `count` (fewest entries
   * first, ties by number): with `count` = n − ⌈t·n⌉ + 1, every entry sharing at least ⌈t·n⌉ of
   * the n phrases is among them (pigeonhole, whatever the order; rarest first keeps the lists short).
   */
  sharingRarest(phrases: Int32Array, count: number): Set<number> {
    const frequency = this.frequency;
    const rarest = Array.from(phrases)
      .sort((a, b) => ((frequency[a] ?? 0) - (frequency[b] ?? 0)) || a - b)
      .slice(0, count);
    const found = new Set<number>();
    const listed = this.start.length - 1;
    for (const p of rarest) {
      if (p < listed) for (let k = this.start[p] as number, end = this.start[p + 1] as number; k < end; k++) found.add(this.entries[k] as number);
      for (const place of this.added.get(p) ?? []) found.add(place);
    }
    return found;
  }
}
