/**
 * One server process per data folder: a lock file naming its owner (pid and the process's start
 * time, so a pid reused by another program is not taken for the owner). The file appears whole or
 * not at all (written aside, then hard-linked into place). A lock whose owner is gone is taken
 * over under a second, short-lived lock, so two processes starting together over a stale lock
 * cannot both get it.
 */
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class FolderLockedError extends Error {}

interface Owner {
  pid: number;
  /** /proc/<pid>/stat's start time (clock ticks since boot); null where /proc is not there. */
  start: string | null;
}

async function startTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 of the whole line
  } catch {
    return null;
  }
}

function parseOwner(text: string): Owner | null {
  try {
    const owner = JSON.parse(text) as Partial<Owner>;
    if (Number.isInteger(owner.pid) && (owner.pid as number) > 0) return { pid: owner.pid as number, start: typeof owner.start === 'string' ? owner.start : null };
  } catch {
    const pid = Number(text.trim()); // a lock written by an earlier version: the pid alone
    if (Number.isInteger(pid) && pid > 0) return { pid, start: null };
  }
  return null;
}

async function alive(owner: Owner): Promise<boolean> {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.start === null) return true;
  const now = await startTime(owner.pid);
  return now === null || now === owner.start;
}

/** Creates `file` with `text` only if it does not exist, never half-written. */
async function createWhole(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, text, { mode: 0o600 });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

const TAKEOVER_STALE_MS = 10_000;
const pause = () => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));

/** Removes the lock if it still holds `seen` (a dead owner's), under the takeover lock. */
async function takeOver(file: string, seen: string): Promise<void> {
  const takeover = `${file}.takeover`;
  if (!(await createWhole(takeover, String(process.pid)))) {
    // Another process is taking over; a takeover lock left by a crash is removed once old.
    const info = await stat(takeover).catch(() => null);
    if (info && Date.now() - info.mtimeMs > TAKEOVER_STALE_MS) await unlink(takeover).catch(() => undefined);
    await pause();
    return;
  }
  try {
    const now = await readFile(file, 'utf8').catch(() => null);
    if (now === seen) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(takeover).catch(() => undefined);
  }
}

export async function lockFolder(folder: string): Promise<() => Promise<void>> {
  const file = path.join(folder, '.lock');
  const mine = JSON.stringify({ pid: process.pid, start: await startTime(process.pid) });
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await createWhole(file, mine)) {
      return async () => {
        // Only our own lock: never one another process took over meanwhile.
        if ((await readFile(file, 'utf8').catch(() => null)) === mine) await unlink(file).catch(() => undefined);
      };
    }
    const seen = await readFile(file, 'utf8').catch(() => null);
    if (seen === null) continue; // released meanwhile
    const owner = parseOwner(seen);
    if (owner && (await alive(owner))) {
      throw new FolderLockedError(`Thư mục dữ liệu ${folder} đang được một máy chủ Phụ lục dùng (tiến trình ${owner.pid}). Hãy dừng máy chủ đó trước.`);
    }
    await takeOver(file, seen);
  }
  throw new FolderLockedError(`Không khóa được thư mục dữ liệu ${folder}.`);
}
