/** `phuluc migrate --from ./data --to postgres://…`: a data folder copied into PostgreSQL, verified. */
import path from 'node:path';
import { FolderLockedError, StoreLoadError } from '../store';
import { RECORD_KINDS, type RecordKind } from '../store/checksums';
import { copyFolderToPostgres } from '../copy-to-postgres';
import { databaseName } from '../serve';
import type { Io } from './io';
import { databaseOption } from './server-commands';
import { parseCommandArgs, UsageError } from './usage';

const KIND_NAMES: Record<RecordKind, string> = {
  rounds: 'Đợt báo cáo',
  submissions: 'Lần gửi báo cáo',
  scores: 'Điểm chấm',
  refusals: 'Báo cáo bị từ chối',
  extensions: 'Gia hạn',
  accounts: 'Tài khoản',
  idempotency: 'Khoá chống gửi trùng',
  audit: 'Nhật ký thao tác',
  uploads: 'Tệp Excel đã gửi',
};

export async function migrateCommand(args: string[], io: Io): Promise<number> {
  const v = parseCommandArgs(args, { from: { type: 'string' }, to: { type: 'string' } }, false).values;
  if (!v.from) throw new UsageError('Cần --from <thư mục dữ liệu>.');
  if (!v.to) throw new UsageError('Cần --to postgres://… (một cơ sở dữ liệu trống).');
  const to = databaseOption(v.to) as string;
  const from = path.resolve(v.from as string);
  io.err(`Đang chuyển dữ liệu từ ${from} sang ${databaseName(to)}…\n`);
  let report;
  try {
    let shown = -1;
    report = await copyFolderToPostgres(from, to, (done, total) => {
      const percent = Math.floor((100 * done) / total);
      if (io.progress && percent !== shown) io.err(`\rĐã chép ${done}/${total} bản ghi (${(shown = percent)}%)\x1b[K`);
    });
    if (io.progress) io.err('\r\x1b[K');
  } catch (error) {
    if (error instanceof FolderLockedError) {
      io.err(`${error.message} Hãy dừng máy chủ đang chạy trên thư mục này rồi chuyển lại.\n`);
      return 1;
    }
    if (error instanceof StoreLoadError) {
      io.err(`${error.message}\nKhông có gì được ghi vào cơ sở dữ liệu.\n`);
      return 1;
    }
    throw error;
  }
  for (const kind of RECORD_KINDS) {
    const [a, b] = [report.source[kind], report.copied[kind]];
    const same = a.count === b.count && a.checksum === b.checksum;
    io.out(`${KIND_NAMES[kind].padEnd(22)} ${String(a.count).padStart(7)} → ${String(b.count).padStart(7)}  ${same ? `khớp (sha256 ${b.checksum.slice(0, 12)})` : 'KHÔNG KHỚP'}\n`);
  }
  if (report.differing.length > 0) {
    io.err(`Bản chép KHÔNG khớp ở: ${report.differing.map((k) => KIND_NAMES[k as RecordKind]).join(', ')}. Đừng dùng cơ sở dữ liệu này; thư mục ${from} vẫn nguyên vẹn.\n`);
    return 1;
  }
  io.out(`Đã chuyển xong và kiểm tra: số bản ghi và tổng kiểm (sha256) của từng loại khớp với thư mục. Chạy máy chủ bằng: phuluc serve --database ${databaseName(to)}\n`);
  return 0;
}
