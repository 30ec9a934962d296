/**
 * The `phuluc` command line (DESIGN §5). Exit status: 0 when no error-severity finding,
 * 1 when there is one, 2 for a usage error. With --json, stdout is exactly one JSON document.
 */
import { hasErrors } from '../../core/reader/validate';
import { formatResult, formatTotals, isUnreadable } from './format';
import type { Io } from './io';
import { readFiles, readReports } from './read-files';
import { parseCommandArgs, UsageError } from './usage';

export const USAGE = `Cách dùng:
  phuluc validate <tệp|thư mục>... [--json]
      Đọc và kiểm tra các báo cáo Phụ lục (.xlsx); liệt kê lỗi và cảnh báo theo từng ô.
  phuluc consolidate <tệp|thư mục>... -o tong-hop.xlsx [--round dot.json] [--json]
      Tổng hợp các báo cáo nhận qua thư điện tử thành một sổ tổng hợp (chưa có điểm chấm).
  phuluc serve [--port 3000] [--host 127.0.0.1] [--data ./data | --database postgres://…] [--round dot.json]
              [--cert tệp.pem --key tệp.pem] [--origin URL]... [--max-connections N] [--max-connections-per-address N]
              [--summary-heap MB]
      Chạy máy chủ tổng hợp (API, phần bổ trợ). Thư mục dữ liệu mới nhận đợt trong --round, hoặc đợt mẫu.
      --summary-heap: bộ nhớ cho luồng lập bảng tổng hợp (mặc định 2048 MB; máy ít bộ nhớ đặt 1024).
      Với --database (hoặc biến PHULUC_DATABASE_URL), dữ liệu ở PostgreSQL; nhiều máy chủ dùng chung được.
  phuluc admin token --data THƯ_MỤC|--database postgres://… --role admin|officer|reviewer [--unit "Phường 1"] [--name "…"]
      Tạo tài khoản; mã truy cập in ở dòng cuối, chỉ một lần.
  phuluc admin list|revoke --data THƯ_MỤC|--database postgres://… [--id MÃ_TÀI_KHOẢN]
      Liệt kê tài khoản, hoặc thu hồi mã truy cập của một tài khoản.
  phuluc migrate --from THƯ_MỤC --to postgres://…
      Chuyển toàn bộ dữ liệu của một thư mục sang một cơ sở dữ liệu PostgreSQL trống, rồi đối chiếu số bản ghi và tổng kiểm.
  phuluc round --demo
      In đợt báo cáo mẫu (Quận 3, 2024) dưới dạng JSON.
  phuluc --help
      Hiện hướng dẫn này.

Mã thoát: 0 khi không có lỗi, 1 khi có ít nhất một lỗi, 2 khi câu lệnh sai.`;

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  progress: Boolean(process.stderr.isTTY),
};

function usageError(io: Io, message: string): number {
  io.err(`${message}\n\n${USAGE}\n`);
  return 2;
}

async function validate(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(args, { json: { type: 'boolean', default: false } }, true);
  if (parsed.positionals.length === 0) return usageError(io, 'Thiếu tệp hoặc thư mục cần kiểm tra.');

  if (parsed.values.json) {
    // Each file's JSON is written by the thread that read it (server/xlsx/printed.ts).
    const read = await readFiles(parsed.positionals, io, (readers, file) => readers.checkEverySheetAsJson(file));
    io.out(`{"files":[${read.map((r) => r.json).join(',')}]}\n`);
    return read.some((r) => isUnreadable(r.head) || hasErrors(r.head.issues)) ? 1 : 0;
  }
  const results = await readReports(parsed.positionals, io);
  if (results.length === 0) io.out('Không tìm thấy tệp .xlsx nào trong các thư mục đã cho.\n');
  for (const result of results) io.out(`${formatResult(result)}\n\n`);
  io.out(`${formatTotals(results)}\n`);
  return results.some((r) => isUnreadable(r) || hasErrors(r.issues)) ? 1 : 0;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  // Every command answers --help with the usage, exit 0.
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'validate':
        return await validate(rest, io);
      // Loaded only when used: `validate` need not load the server's modules.
      case 'consolidate':
        return await (await import('./consolidate')).consolidateCommand(rest, io);
      case 'serve':
        return await (await import('./server-commands')).serveCommand(rest, io);
      case 'admin':
        return await (await import('./server-commands')).adminCommand(rest, io);
      case 'round':
        return await (await import('./server-commands')).roundCommand(rest, io);
      case 'migrate':
        return await (await import('./migrate')).migrateCommand(rest, io);
      case '--help':
      case '-h':
      case 'help':
        io.out(`${USAGE}\n`);
        return 0;
      case undefined:
        return usageError(io, 'Thiếu lệnh.');
      default:
        return usageError(io, `Không có lệnh “${command}”.`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error.message);
    // An unexpected fault: say so plainly, without a stack trace.
    io.err(`Lỗi không mong đợi: ${(error as Error).message}\n`);
    return 1;
  }
}
