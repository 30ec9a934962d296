/**
 * One server process per data folder: a lock file holding the owner's pid. A lock left by a
 * process that no longer runs (killed, crashed) is taken over; a live owner makes start-up fail.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

export class FolderLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function lockFolder(folder: string): Promise<() => Promise<void>> {
  const file = path.join(folder, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.sync();
      await handle.close();
      return async () => {
        await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new FolderLockedError(
          `Thư mục dữ liệu ${folder} đang được một máy chủ Phụ lục khác dùng (tiến trình ${owner}). Hãy dừng máy chủ đó trước.`,
        );
      }
      await unlink(file).catch(() => undefined); // a stale lock: its owner is gone
    }
  }
  throw new FolderLockedError(`Không khóa được thư mục dữ liệu ${folder}.`);
}
