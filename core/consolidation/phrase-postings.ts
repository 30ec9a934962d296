/**
 * Which held entries hold each phrase: what lets DuplicateIndex measure an entry sent again
 * against the others without holding every entry's phrases twice (as a set per entry and as these
 * lists). Counting, over the entry's phrases, each listed entry's appearances gives how many
 * phrases the two share, which is all Jaccard needs besides the two sizes.
 *
 * The entries of the whole search are listed in one pair of arrays (each phrase's entries side by
 * side); entries measured since are listed in a map beside them, and entries forgotten stay listed
 * (their counts are never read) until enough have come and gone that listing again is the cheaper.
 */

/** An entry as the postings know it: its place (a number no other held entry has) and its phrase numbers. */
export interface Posted {
  place: number;
  phrases: Int32Array;
}

export class PhrasePostings {
  /** Phrase p's entries from the last listing are entries[start[p]] up to entries[start[p + 1]]. */
  private start: Int32Array = new Int32Array(1);
  private entries: Int32Array = new Int32Array(0);
  /** Entries listed since, by phrase. */
  private added = new Map<number, number[]>();
  private addedCount = 0;
  /** Whether each place is held (1) or was forgotten (0). */
  private held = new Uint8Array(1024);
  /** Entries forgotten since the last listing (still listed: their places are no longer held). */
  private gone = 0;
  /** Shared phrases per place, for the entry being measured (`countShared`). */
  private shared = new Int32Array(1024);
  /** How many times everything was listed. */
  listings = 0;

  /** Lists `posted` afresh, from their phrase sets (after the whole search). */
  list(posted: ReadonlyArray<Posted>, phraseCount: number): void {
    this.held = new Uint8Array(1024);
    for (const h of posted) this.hold(h.place);
    const start = new Int32Array(phraseCount + 1);
    for (const h of posted) for (const p of h.phrases) start[p + 1]! += 1;
    this.layOut(start, (into) => {
      for (const h of posted) for (const p of h.phrases) into(p, h.place);
    });
  }

  /** Lists again from the lists themselves, leaving the forgotten entries out (the entries' phrase sets are not held). */
  relist(phraseCount: number): void {
    const start = new Int32Array(phraseCount + 1);
    this.each(phraseCount, (p) => start[p + 1]! += 1);
    this.layOut(start, (into) => this.each(phraseCount, into));
  }

  /** Every held entry of every phrase below `phraseCount`, as (phrase, place). */
  private each(phraseCount: number, visit: (phrase: number, place: number) => void): void {
    const listed = this.start.length - 1;
    for (let p = 0; p < phraseCount; p++) {
      if (p < listed) for (let k = this.start[p] as number, end = this.start[p + 1] as number; k < end; k++) if (this.held[this.entries[k] as number]) visit(p, this.entries[k] as number);
      for (const place of this.added.get(p) ?? []) if (this.held[place]) visit(p, place);
    }
  }

  /** `start` counts each phrase's entries (at p + 1); `fill` passes every (phrase, place) to put them in place. */
  private layOut(start: Int32Array, fill: (into: (phrase: number, place: number) => void) => void): void {
    const phraseCount = start.length - 1;
    for (let p = 0; p < phraseCount; p++) start[p + 1]! += start[p] as number;
    const entries = new Int32Array(start[phraseCount] as number);
    const next = start.slice(0, phraseCount);
    fill((p, place) => {
      entries[next[p]!++] = place;
    });
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

  private hold(place: number): void {
    if (place >= this.held.length) {
      const wider = new Uint8Array(Math.max(place + 1, 2 * this.held.length));
      wider.set(this.held);
      this.held = wider;
    }
    this.held[place] = 1;
  }

  add(h: Posted): void {
    this.hold(h.place);
    for (const p of h.phrases) {
      const list = this.added.get(p);
      if (list) list.push(h.place);
      else this.added.set(p, [h.place]);
    }
    this.addedCount++;
  }

  forget(place: number): void {
    this.held[place] = 0;
    this.gone++;
  }

  /**
   * How many of `phrases` each held entry shares (`sharedWith`), until the next count: each
   * phrase's list walked once. At a nation's size (30,600 descriptions) a report of three entries
   * was measured in 85–96 ms so, against 79–102 ms when its rarest phrases chose the entries to
   * merge phrase sets with (README, issue #31).
   */
  countShared(phrases: Int32Array): void {
    if (this.shared.length < this.held.length) this.shared = new Int32Array(this.held.length);
    else this.shared.fill(0);
    const shared = this.shared;
    const listed = this.start.length - 1;
    for (const p of phrases) {
      if (p < listed) for (let k = this.start[p] as number, end = this.start[p + 1] as number; k < end; k++) shared[this.entries[k] as number]! += 1;
      for (const place of this.added.get(p) ?? []) shared[place]! += 1;
    }
  }

  /** The phrases the held entry at `place` shares with the last entry counted (`countShared`). */
  sharedWith(place: number): number {
    return this.shared[place] ?? 0;
  }
}
