/**
 * A seeded data folder for the benchmarks that run the real server: `units` wards of `each`
 * entries of realistic text (bench/markov), every entry scored by each of `reviewers` reviewers,
 * written through the store and compacted into its snapshot, as a round looks after its scoring:
 * each score with the audit record and the Idempotency-Key answer the score route leaves (a
 * nation's 306,000 scores leave as many of each; before the fifteenth session the bench left them out).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { demoRound, type Round } from '../core/rounds/round';
import { DEFAULT_FIELDS } from '../core/reader/template';
import { entryFingerprint, type StoredEntry } from '../core/rounds/submission';
import { addAccount } from '../server/auth';
import { openLowdbStore, type Score } from '../server/store';
import { markovDescription, markovTitle, random } from './markov';

export interface City {
  round: Round;
  tokens: { admin: string; officer: string; reviewers: string[] };
  entryIds: string[];
  /** What a summary is built from (for side-by-side comparisons; the server holds the folder). */
  reports: Array<{ unit: string; source: string; entries: StoredEntry[] }>;
  scores: Score[];
}

const HISTORY_A_WRITE = 20_000;

/** `earlier`: how many earlier years' rounds the server keeps, each with every unit's report of `each` entries of other text. */
export async function seedCity(dir: string, size: { units: number; each: number; reviewers: number; earlier?: number }): Promise<City> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const round = { ...demoRound(), units: Array.from({ length: size.units }, (_, i) => ({ name: `Phường ${i + 1}`, kind: 'phuong' as const })) };
  // Compacted as it goes: the folder starts as a snapshot, not as one long journal line.
  const store = await openLowdbStore(dir, { round, compactAfterBytes: 1 });
  const at = new Date().toISOString();
  const entryIds: string[] = [];
  const tokens = await store.write((tx) => {
    const reviewers = Array.from({ length: size.reviewers }, (_, r) => addAccount(tx, { role: 'reviewer', name: `Giám khảo ${r + 1}` }, new Date()));
    for (const [u, unit] of round.units.entries()) {
      const entries = Array.from({ length: size.each }, (_, k) => {
        const next = random(u * 100 + k + 1);
        return { id: `e-${u}-${k}`, row: 9 + k, stt: String(k + 1), unit: unit.name, title: markovTitle(next), field: DEFAULT_FIELDS[k % DEFAULT_FIELDS.length]!.name, sections: markovDescription(next), note: '' };
      });
      entryIds.push(...entries.map((e) => e.id));
      tx.addSubmission(round.id, { unit: unit.name, version: 1, submittedAt: at, by: 'seed', source: 'json', entries, issues: [] });
      for (const entry of entries) {
        for (const { account } of reviewers) {
          const score: Score = { id: `${entry.id}-${account.id}`, entryId: entry.id, reviewerId: account.id, unit: unit.name, points: { tinhMoi: 20, hieuQua: 20, nhanRong: 12, khaThi: 14 }, comment: '', version: 1, updatedAt: at, entryFingerprint: entryFingerprint(entry), stale: false };
          tx.putScore(round.id, score);
        }
      }
    }
    for (let k = 1; k <= (size.earlier ?? 0); k++) {
      const then = { ...round, id: `${round.id}-truoc-${k}`, year: round.year - k, name: `${round.name} (năm ${round.year - k})` };
      tx.putRound(then);
      for (const [u, unit] of round.units.entries()) {
        const entries = Array.from({ length: size.each }, (_, e) => {
          const next = random(k * 10_000_000 + u * 100 + e + 1);
          return { id: `y${k}-${u}-${e}`, row: 9 + e, stt: String(e + 1), unit: unit.name, title: markovTitle(next), field: DEFAULT_FIELDS[e % DEFAULT_FIELDS.length]!.name, sections: markovDescription(next), note: '' };
        });
        tx.addSubmission(then.id, { unit: unit.name, version: 1, submittedAt: at, by: 'seed', source: 'json', entries, issues: [] });
      }
    }
    return {
      admin: addAccount(tx, { role: 'admin', name: 'Thư ký' }, new Date()).token,
      officer: addAccount(tx, { role: 'officer', unit: 'Phường 1' }, new Date()).token,
      reviewers: reviewers.map((r) => r.token),
    };
  });
  // What scoring through the API leaves besides each score (server/routes/scores.ts, server/http.ts): its audit record and the
  // answer kept for its Idempotency-Key. Written apart, a slice at a time: one journal line of them all would pass V8's longest string.
  const scored = [...store.data.scores];
  for (let from = 0; from < scored.length; from += HISTORY_A_WRITE) {
    await store.write((tx) => {
      for (const score of scored.slice(from, from + HISTORY_A_WRITE)) {
        tx.addAudit({ at, actor: score.reviewerId, action: 'score', target: score.entryId, before: null, after: { version: score.version, points: score.points, comment: score.comment } });
        tx.addIdempotency({ accountId: score.reviewerId, key: randomUUID(), fingerprint: createHash('sha256').update(score.id).digest('hex'), status: 200, body: { score }, at });
      }
    });
  }
  // Folded whole, as a round looks once its server has run a while (one asked for while another runs follows it).
  store.compactNow();
  await store.settled();
  const reports = store.data.submissions.map((s) => ({ unit: s.unit, source: 'x', entries: s.entries }));
  const scores = [...store.data.scores];
  await store.close();
  return { round, tokens, entryIds, reports, scores };
}
