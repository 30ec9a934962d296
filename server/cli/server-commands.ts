/** `phuluc serve`, `phuluc admin …` and `phuluc round --demo`. */
import path from 'node:path';
import { demoRound } from '../../core/rounds/round';
import { loadRound } from './round-file';
import { ROLE_NAMES, type Role } from '../auth';
import { openAccountDesk } from './account-desk';
import { ApiError } from '../http';
import type { ConnectionLimits } from '../connections';
import { databaseName, ListenError, startServer } from '../serve';
import { growHeapsGently } from '../heap-growth';
import { SUMMARY_HEAP } from '../summary-pool';
import { FolderLockedError, StoreLoadError } from '../store';
import type { Io } from './io';
import { parseCommandArgs, UsageError, wholeNumberOption, type ArgValues } from './usage';

function options(args: string[], spec: Parameters<typeof parseCommandArgs>[1]): ArgValues {
  return parseCommandArgs(args, spec, false).values;
}

/** The PostgreSQL database named by --database or PHULUC_DATABASE_URL, if any (else the data folder). */
export function databaseOption(value: unknown): string | undefined {
  const url = (value as string | undefined) ?? process.env.PHULUC_DATABASE_URL;
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database cần một địa chỉ dạng postgres://người-dùng@máy:cổng/tên-cơ-sở-dữ-liệu.');
  return url;
}

/** Known failures of the data folder, said plainly; anything else goes up. */
function explain(error: unknown, io: Io): number {
  if (error instanceof FolderLockedError || error instanceof StoreLoadError || error instanceof ApiError || error instanceof ListenError) {
    io.err(`${error.message}\n`);
    return 1;
  }
  throw error;
}

export async function roundCommand(args: string[], io: Io): Promise<number> {
  const values = options(args, { demo: { type: 'boolean', default: false } });
  if (!values.demo) throw new UsageError('Hiện chỉ có: phuluc round --demo');
  io.out(`${JSON.stringify(demoRound(), null, 2)}\n`);
  return 0;
}

const ROLES: Role[] = ['admin', 'officer', 'reviewer'];

export async function adminCommand(args: string[], io: Io): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'token' && action !== 'revoke' && action !== 'list') throw new UsageError('Cần: phuluc admin token|revoke|list …');
  const v = options(rest, {
    data: { type: 'string', default: './data' },
    database: { type: 'string' },
    role: { type: 'string' },
    unit: { type: 'string' },
    name: { type: 'string' },
    id: { type: 'string' },
  });
  const database = databaseOption(v.database);
  const role = v.role as Role | undefined;
  if (action === 'token' && (!role || !ROLES.includes(role))) throw new UsageError('Cần --role admin|officer|reviewer.');
  if (action === 'revoke' && !v.id) throw new UsageError('Cần --id <mã tài khoản> (xem bằng: phuluc admin list).');
  try {
    // Works whether or not a server runs on the folder: through it when one does.
    const desk = await openAccountDesk(database ? { database } : { dataDir: v.data as string });
    if (desk.notice) io.err(`${desk.notice}\n`);
    try {
      if (action === 'token') {
        const { account, token } = await desk.create({ role: role as Role, ...(v.unit ? { unit: v.unit as string } : {}), ...(v.name ? { name: v.name as string } : {}) });
        io.out(`Đã tạo tài khoản “${account.name}” (${ROLE_NAMES[account.role].toLowerCase()}${account.unit ? `, ${account.unit}` : ''}), mã tài khoản ${account.id} (${desk.via}).\n`);
        io.out('Mã truy cập dưới đây chỉ hiện một lần; hãy gửi cho người dùng qua kênh an toàn:\n');
        io.out(`${token}\n`);
        return 0;
      }
      if (action === 'list') {
        for (const a of await desk.list()) {
          io.out(`${a.id}  ${ROLE_NAMES[a.role].padEnd(20)}  ${(a.unit ?? '-').padEnd(28)}  ${a.name}${a.revokedAt ? `  (đã thu hồi ${a.revokedAt})` : ''}\n`);
        }
        return 0;
      }
      const revoked = await desk.revoke(v.id as string);
      if (!revoked) {
        io.err(`Không có tài khoản ${v.id}.\n`);
        return 1;
      }
      io.out(`Đã thu hồi mã truy cập của “${revoked.name}” (${desk.via}).\n`);
      return 0;
    } finally {
      await desk.close();
    }
  } catch (error) {
    return explain(error, io);
  }
}

export async function serveCommand(args: string[], io: Io): Promise<number> {
  const v = options(args, {
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: './data' },
    database: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    origin: { type: 'string', multiple: true },
    round: { type: 'string' },
    'max-connections': { type: 'string' },
    'max-connections-per-address': { type: 'string' },
    'summary-heap': { type: 'string' },
  });
  const connections: Partial<ConnectionLimits> = {};
  for (const [flag, key] of [['max-connections', 'total'], ['max-connections-per-address', 'perAddress']] as const) {
    const n = wholeNumberOption(v[flag], 1, Number.MAX_SAFE_INTEGER, `--${flag} phải là số nguyên dương.`);
    if (n !== undefined) connections[key] = n;
  }
  const port = wholeNumberOption(v.port, 0, 65535, '--port phải là số cổng từ 0 đến 65535.') as number; // it has a default
  const summaryHeapMb = wholeNumberOption(v['summary-heap'], 256, SUMMARY_HEAP.mostMb, `--summary-heap phải là số MB nguyên, từ 256 đến ${SUMMARY_HEAP.mostMb}.`);
  if (Boolean(v.cert) !== Boolean(v.key)) throw new UsageError('Dùng HTTPS cần cả --cert và --key.');
  const database = databaseOption(v.database);
  let server;
  growHeapsGently();
  try {
    server = await startServer({
      port,
      host: v.host as string,
      dataDir: path.resolve(v.data as string),
      ...(database ? { database } : {}),
      tlsCert: v.cert as string | undefined,
      tlsKey: v.key as string | undefined,
      origins: v.origin as string[] | undefined,
      connections,
      ...(summaryHeapMb ? { summaryHeapMb } : {}),
      ...(v.round ? { round: await loadRound(v.round as string) } : {}),
    });
  } catch (error) {
    return explain(error, io);
  }
  const where = database ? `cơ sở dữ liệu: ${databaseName(database)}` : `dữ liệu: ${path.resolve(v.data as string)}`;
  io.err(`Máy chủ Phụ lục đang chạy tại ${server.url} (${where}; đợt: ${(await server.store.read()).round.name}).\n`);
  io.err(`Đơn vị chưa dùng được phần bổ trợ (Excel 2016/2019, WPS, LibreOffice) kiểm tra và gửi báo cáo tại: ${server.url}/nop-bao-cao.html\n`);
  io.err(
    server.manifestUrl
      ? `Cài vào Excel: tệp kê khai ${server.manifestUrl}\n`
      : 'Cài vào Excel: Excel chỉ nạp phần bổ trợ qua HTTPS. Chạy “npm run dev” (máy chủ HTTPS với chứng chỉ cho localhost) rồi dùng tệp kê khai https://localhost:3000/manifest.xml, hoặc chạy máy chủ với --cert và --key (xem README).\n',
  );
  if (server.firstAdminToken) {
    const place = database ? `--database ${databaseName(database)}` : `--data ${v.data}`;
    io.err(
      [
        '',
        'Đã tạo tài khoản quản trị đầu tiên. Mã truy cập quản trị (chỉ hiện MỘT lần, hãy lưu lại):',
        `  ${server.firstAdminToken}`,
        '',
        'Bước tiếp theo:',
        `  - Tạo tài khoản cán bộ:  npx phuluc admin token ${place} --role officer --unit "Phường 1"`,
        `  - Tạo tài khoản hội đồng: npx phuluc admin token ${place} --role reviewer --unit "Phòng Tư pháp"`,
        '    (làm được cả khi máy chủ đang chạy; hoặc làm trong ngăn Phụ lục, thẻ Quản trị)',
        `  - Kiểm tra: curl ${server.url}/api/me -H "Authorization: Bearer <mã truy cập>"`,
        `  - Thử ngăn Phụ lục không cần Excel: ${server.url}/xem-thu.html`,
        '',
      ].join('\n'),
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      io.err('Đang dừng máy chủ, chờ ghi xong dữ liệu…\n');
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
