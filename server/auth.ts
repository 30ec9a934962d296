/**
 * Accounts and bearer tokens. A token is 256 random bits, shown once and stored only as its
 * SHA-256 (it is random, so a fast hash is enough); checked in constant time; revocable.
 * Failed authentication is rate-limited per client address.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ROLE_NAMES } from '../core/rounds/roles';
import { findUnit, type Round } from '../core/rounds/round';
import { accountUnitName, holderUnitId, unitIdOf } from '../core/rounds/units';
import { toNfc } from '../core/text';
import { ApiError } from './http';
import type { Account, Store, StoreTx } from './store';

export type Role = Account['role'];

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return `pl_${randomBytes(32).toString('base64url')}`;
}

export interface NewAccount {
  role: Role;
  unit?: string;
  name?: string;
  /** The round whose units `unit` is one of (a draft being prepared), the active one by default: the account holds the unit's id, so it works once that round opens. */
  round?: string;
}

export { ROLE_NAMES } from '../core/rounds/roles';

/** Adds an account and returns it with its token (the only time the token exists). */
export function addAccount(tx: StoreTx, wanted: NewAccount, now: Date): { account: Account; token: string } {
  const { data } = tx;
  let unit: { name: string; id: string } | undefined;
  if (wanted.role === 'officer' && !wanted.unit) throw new ApiError(400, 'bad-request', 'Tài khoản cán bộ phải thuộc một đơn vị (--unit).');
  if (wanted.role === 'admin' && wanted.unit) throw new ApiError(400, 'bad-request', 'Tài khoản quản trị không thuộc đơn vị nào.');
  if (wanted.unit) {
    const round = wanted.round === undefined ? data.round : [data.round, ...data.rounds.map((r) => r.round)].find((r) => r.id === wanted.round);
    if (!round) throw new ApiError(404, 'unknown-round', `Không có đợt báo cáo “${wanted.round}” trên máy chủ.`);
    const known = findUnit(round, wanted.unit);
    if (!known) throw new ApiError(400, 'unknown-unit', `Đơn vị “${wanted.unit}” không có trong đợt báo cáo “${round.name}”.`);
    unit = { name: known.name, id: unitIdOf(known) };
  }
  const token = newToken();
  const account: Account = {
    id: randomUUID(),
    role: wanted.role,
    ...(unit ? { unit: unit.name, unitId: unit.id } : {}),
    name: toNfc(wanted.name ?? '').trim() || `${ROLE_NAMES[wanted.role]}${unit ? ` ${unit.name}` : ''}`,
    tokenHash: hashToken(token),
    createdAt: now.toISOString(),
  };
  tx.putAccount(account);
  return { account, token };
}

/** Creates an account (see addAccount) and records it in the audit log as `actor`'s doing. */
export function createAccount(tx: StoreTx, wanted: NewAccount, actor: string, now: Date): { account: Account; token: string } {
  const made = addAccount(tx, wanted, now);
  const { account } = made;
  tx.addAudit({ at: now.toISOString(), actor, action: 'account-create', target: account.unit ?? account.id, before: null, after: { id: account.id, role: account.role, name: account.name } });
  return made;
}

/** Revokes account `id` (its token is refused from the next request on); null when there is none. */
export function revokeAccount(tx: StoreTx, id: string, actor: string, now: Date): Account | null {
  const account = tx.data.accounts.find((a) => a.id === id);
  if (!account) return null;
  if (account.revokedAt) return account;
  const revoked = { ...account, revokedAt: now.toISOString() };
  tx.putAccount(revoked);
  tx.addAudit({ at: revoked.revokedAt, actor, action: 'account-revoke', target: account.unit ?? account.id, before: { id: account.id, name: account.name }, after: null });
  return revoked;
}

/**
 * A new token for account `id` (Cấp lại mã: a unit lost its code): the account, its unit and its
 * history stay; the old token is refused from the next request on. Null when there is no such live account.
 */
export function reissueAccount(tx: StoreTx, id: string, actor: string, now: Date): { account: Account; token: string } | null {
  const account = tx.data.accounts.find((a) => a.id === id);
  if (!account || account.revokedAt) return null;
  const token = newToken();
  const reissued: Account = { ...account, tokenHash: hashToken(token) };
  delete reissued.lastUsedAt;
  tx.putAccount(reissued);
  tx.addAudit({ at: now.toISOString(), actor, action: 'account-reissue', target: account.unit ?? account.id, before: { id: account.id, name: account.name }, after: { id: account.id } });
  return { account: reissued, token };
}

/** An account as the admin sees it: never its token hash. */
/** An account as the admin sees it: never its token's hash; its unit as `round` (the active one) calls it now. */
export function publicAccount(a: Account, round?: Pick<Round, 'units'>) {
  return { id: a.id, role: a.role, unit: (round ? accountUnitName(round, a) : a.unit) ?? null, unitId: holderUnitId(a) ?? null, name: a.name, createdAt: a.createdAt, lastUsedAt: a.lastUsedAt ?? null, revoked: Boolean(a.revokedAt), revokedAt: a.revokedAt ?? null };
}
export type PublicAccount = ReturnType<typeof publicAccount>;

/** The live account whose token hash equals the hash of `token`, compared in constant time. */
export function accountForToken(accounts: ReadonlyArray<Account>, token: string): Account | undefined {
  const wanted = Buffer.from(hashToken(token), 'hex');
  let found: Account | undefined;
  for (const account of accounts) {
    const same = timingSafeEqual(Buffer.from(account.tokenHash, 'hex'), wanted);
    if (same && !account.revokedAt) found = account;
  }
  return found;
}

/**
 * Failed attempts per client address in a sliding window. It only ever slows failing attempts: a
 * valid token is served whatever its address did (a ward's offices share one address behind NAT).
 * The table is bounded: past `maxClients` addresses the one that failed longest ago is forgotten,
 * so a flood of addresses cannot wipe the record of one that is guessing.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 20,
    private readonly windowMs = 10 * 60 * 1000,
    private readonly maxClients = 10_000,
  ) {}

  /** Addresses remembered now. */
  get size(): number {
    return this.failures.size;
  }

  blocked(client: string, now: number): boolean {
    const list = this.failures.get(client);
    if (!list) return false;
    const recent = list.filter((t) => now - t < this.windowMs);
    if (recent.length === 0) this.failures.delete(client);
    else this.failures.set(client, recent);
    return recent.length >= this.limit;
  }

  fail(client: string, now: number): void {
    const list = this.failures.get(client) ?? [];
    list.push(now);
    if (list.length > this.limit) list.shift(); // more than the limit tells nothing more
    // Re-inserted, so the Map's order is that of the latest failure: the first key is the stalest.
    this.failures.delete(client);
    this.failures.set(client, list);
    while (this.failures.size > this.maxClients) this.failures.delete(this.failures.keys().next().value as string);
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    account?: Account;
  }
}

declare module 'node:http' {
  interface IncomingMessage {
    /** Set on requests that came in on the server's local admin socket (this machine only). */
    phulucLocalAdmin?: boolean;
  }
}

/**
 * The secretariat's command line on the server's own machine (`phuluc admin …` while the server
 * runs): an admin that exists only for requests on the local admin socket, with the secret the
 * server wrote beside it; never stored, never usable over the network.
 */
export const LOCAL_ADMIN: Account = {
  id: 'dong-lenh',
  role: 'admin',
  name: 'Quản trị (dòng lệnh trên máy chủ)',
  tokenHash: '0'.repeat(64),
  createdAt: '1970-01-01T00:00:00.000Z',
};

const HOUR_MS = 60 * 60 * 1000;

/** Compares two secrets in constant time. */
function sameSecret(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(hashToken(a), 'hex'), Buffer.from(hashToken(b), 'hex')];
  return timingSafeEqual(x, y);
}

export function authenticate(store: Store, limiter: FailedAuthLimiter, now: () => Date, localAdminSecret?: string) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'unauthorized', 'Thiếu mã truy cập (Authorization: Bearer …).');
    if (req.phulucLocalAdmin && localAdminSecret && sameSecret(match[1] as string, localAdminSecret)) {
      req.account = LOCAL_ADMIN;
      return next();
    }
    const account = accountForToken((await store.read()).accounts, match[1] as string);
    if (!account) {
      const client = req.ip ?? 'unknown';
      const t = now().getTime();
      const blocked = limiter.blocked(client, t);
      limiter.fail(client, t); // a blocked guess counts too: a guessing address stays recent, and blocked
      if (blocked) throw new ApiError(429, 'too-many-attempts', 'Nhập sai mã truy cập quá nhiều lần từ địa chỉ này. Hãy kiểm tra lại mã và thử lại sau 10 phút.');
      throw new ApiError(401, 'unauthorized', 'Mã truy cập không đúng hoặc đã bị thu hồi.');
    }
    req.account = account;
    // "Last used", to the hour: at most one write per account per hour, waited for so it is in order.
    const t = now();
    if (!account.lastUsedAt || t.getTime() - Date.parse(account.lastUsedAt) >= HOUR_MS) {
      await store
        .write((tx) => {
          const stored = tx.data.accounts.find((a) => a.id === account.id);
          if (stored) tx.putAccount({ ...stored, lastUsedAt: t.toISOString() });
        })
        .catch(() => undefined); // a full disk must not lock anyone out; the time is only a hint
    }
    next();
  };
}

export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.account || !roles.includes(req.account.role)) {
      throw new ApiError(403, 'forbidden', 'Tài khoản của anh/chị không có quyền thực hiện thao tác này.');
    }
    next();
  };
}

/** The round's canonical name of the unit in the path, or 404. */
export function unitParam(round: Round, raw: string): string {
  const unit = findUnit(round, raw);
  if (!unit) throw new ApiError(404, 'unknown-unit', `Đơn vị “${raw}” không có trong đợt báo cáo.`);
  return unit.name;
}
