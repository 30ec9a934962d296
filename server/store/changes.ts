/**
 * The store's record-level changes: what a commit writes to the journal and what start-up and
 * compaction replay. Each change names one record (a round's settings, a report version, a score,
 * an account, …), so a commit costs the size of what changed, never the size of the data.
 * ./state.ts applies them.
 */
import { z } from 'zod';
import { roundSchema } from '../../core/rounds/round-schema';
import {
  accountSchema,
  auditSchema,
  idempotencySchema,
  refusalSchema,
  scoreSchema,
  submissionSchema,
} from './schema';

export const changeSchema = z.discriminatedUnion('kind', [
  /** A round's settings, new or changed; a new round starts with no reports and no scores. */
  z.strictObject({ kind: z.literal('round'), round: roundSchema }),
  z.strictObject({ kind: z.literal('activate'), roundId: z.string() }),
  z.strictObject({ kind: z.literal('submission'), roundId: z.string(), submission: submissionSchema }),
  /** One (entry, reviewer) score, new or replacing the earlier one. */
  z.strictObject({ kind: z.literal('score'), roundId: z.string(), score: scoreSchema }),
  /** A unit's latest refused report (replacing the earlier refusal). */
  z.strictObject({ kind: z.literal('refusal'), roundId: z.string(), refusal: refusalSchema }),
  z.strictObject({ kind: z.literal('extension'), roundId: z.string(), unit: z.string(), until: z.string() }),
  z.strictObject({ kind: z.literal('account'), account: accountSchema }),
  z.strictObject({ kind: z.literal('idempotency'), record: idempotencySchema }),
  z.strictObject({ kind: z.literal('audit'), record: auditSchema }),
]);
export type Change = z.infer<typeof changeSchema>;

/** The content version of round `roundId` from the counters a store keeps per `contentTouched` id. */
export function contentVersionOf(versions: ReadonlyMap<string, number>, roundId: string): string {
  return `${ownContentVersionOf(versions, roundId)}:${versions.get('reports') ?? 0}`;
}

/** The version of round `roundId`'s own content, from the same counters. */
export function ownContentVersionOf(versions: ReadonlyMap<string, number>, roundId: string): string {
  return `${roundId}:${versions.get(roundId) ?? 0}`;
}

/**
 * The content versions a change moves: its round's (settings, reports, scores), and `reports` for
 * any report, which summaries of other rounds compare against. Accounts, audit records and the
 * rest move none, so what is computed from a round's content is kept through them.
 */
export function contentTouched(change: Change): string[] {
  switch (change.kind) {
    case 'round':
      return [change.round.id];
    case 'submission':
      return [change.roundId, 'reports'];
    case 'score':
      return [change.roundId];
    default:
      return [];
  }
}
