/**
 * What the snapshot file holds, and how the state is made from it (files.ts reads and writes it).
 *
 *   format 3: {"format":3,"through":N,"data":{…}}, the state as it is in memory;
 *   format 4: {"format":4,"through":N,"data":{…},"scores":[…]}: the active round's scores as a table
 *             (score-table.ts), and each kept round either in its own file, named in the data
 *             (`{"round":{…},"kept":{"file":…}}`, kept-rounds.ts), or, as the first format-4
 *             snapshots had it, in the data with its scores' table in `scores` after the active one's.
 *
 * Both are read; a snapshot is written in format 4 with every kept round in its own file.
 */
import { z } from 'zod';
import { historyFileSchema, type HistoryFile } from './history-files';
import { keptFileSchema, keptFileOf, keptFileText, keptRoundFromFile, type KeptFile } from './kept-rounds';
import { packScores, unpackScores } from './score-table';
import { dataSchema, type Data } from './schema';

export const snapshotSchema = z.discriminatedUnion('format', [
  z.strictObject({ format: z.literal(3), through: z.number().int().min(0), data: z.unknown() }),
  // history: the files the audit log and the Idempotency-Key answers folded so far are in, oldest first (history-files.ts; none before the fifteenth session).
  z.strictObject({ format: z.literal(4), through: z.number().int().min(0), data: z.unknown(), scores: z.array(z.unknown()), history: z.array(historyFileSchema).optional() }),
]);
type Snapshot = z.infer<typeof snapshotSchema>;

const roundsOfSchema = z.looseObject({ rounds: z.array(z.looseObject({})) });
const keptInFileSchema = z.strictObject({ round: z.unknown(), kept: keptFileSchema });

/** A snapshot that does not hold together: where, for the message that stops start-up. */
export class SnapshotShapeError extends Error {}

export interface DecodedSnapshot {
  data: Data;
  /** The kept rounds' files the snapshot names. */
  keptFiles: KeptFile[];
  /** Kept rounds held in the snapshot itself (written before they had files of their own). */
  keptInline: number;
  /** The files of the audit log and the answers folded before it, oldest first. */
  history: HistoryFile[];
}

/**
 * The state a snapshot holds (`folder`: where its kept rounds' files are), checked by the data
 * schema; kept rounds in files of their own are not read.
 */
export function decodeSnapshot(snapshot: Snapshot, folder: string): DecodedSnapshot {
  if (snapshot.format === 3) return { data: checked(snapshot.data), keptFiles: [], keptInline: roundsOfSchema.safeParse(snapshot.data).data?.rounds.length ?? 0, history: [] };
  const shape = roundsOfSchema.safeParse(snapshot.data);
  if (!shape.success) throw new SnapshotShapeError('');
  const files = new Map<number, KeptFile>();
  let table = 1;
  const rounds = shape.data.rounds.map((r, i) => {
    const inFile = keptInFileSchema.safeParse(r);
    if (inFile.success) {
      files.set(i, inFile.data.kept);
      // Checked as a round with no data; its data is checked when its file is read.
      return { round: inFile.data.round, submissions: [], scores: [], extensions: {}, refusals: [] };
    }
    return { ...r, scores: unpacked(snapshot.scores[table++]) };
  });
  if (table !== snapshot.scores.length) throw new SnapshotShapeError('bảng điểm');
  const data = checked({ ...shape.data, scores: unpacked(snapshot.scores[0]), rounds });
  for (const [i, file] of files) data.rounds[i] = keptRoundFromFile(folder, data.rounds[i]!.round, file);
  return { data, keptFiles: [...files.values()], keptInline: data.rounds.length - files.size, history: snapshot.history ?? [] };
}

function unpacked(table: unknown) {
  try {
    return unpackScores(table);
  } catch {
    throw new SnapshotShapeError('bảng điểm');
  }
}

function checked(raw: unknown): Data {
  const data = dataSchema.safeParse(raw);
  if (!data.success) throw new SnapshotShapeError(data.error.issues[0]?.path.join('.') ?? '');
  return data.data;
}

/** A kept round's file as the snapshot names it, by round. */
export interface KeptRoundFile {
  roundId: string;
  file: KeptFile;
}

/**
 * The snapshot's text for `data`, after writing (durably, with `write`) the file of each kept
 * round not already in one (a kept round still only in its file is named as it is), and which
 * file each kept round is in.
 */
export async function encodeSnapshot(data: Data, through: number, history: ReadonlyArray<HistoryFile>, write: (name: string, text: string) => Promise<void>): Promise<{ text: string; kept: KeptRoundFile[] }> {
  const rounds = [];
  for (const r of data.rounds) {
    let kept = keptFileOf(r)?.file;
    if (!kept) {
      const made = keptFileText(r);
      await write(made.name, made.text);
      kept = made.file;
    }
    rounds.push({ round: r.round, kept });
  }
  const text = JSON.stringify({ format: 4, through, data: { ...data, scores: [], rounds }, scores: [packScores(data.scores)], history });
  return { text, kept: rounds.map((r) => ({ roundId: r.round.id, file: r.kept })) };
}
