/**
 * Accounts and bearer tokens. A token is 256 random bits, shown once and stored only as its
 * SHA-256 (it is random, so a fast hash is enough); checked in constant time; revocable.
 * Failed authentication is rate-limited per client address.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { findUnit, type Round } from '../core/round';
import { ApiError } from './http';
import type { Account, Data, Store } from './store';

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
}

const ROLE_NAMES: Record<Role, string> = { admin: 'Quản trị', officer: 'Cán bộ đơn vị', reviewer: 'Thành viên hội đồng' };

/** Adds an account to `data` and returns it with its token (the only time the token exists). */
export function addAccount(data: Data, wanted: NewAccount, now: Date): { account: Account; token: string } {
  let unit: string | undefined;
  if (wanted.role === 'officer' && !wanted.unit) throw new ApiError(400, 'bad-request', 'Tài khoản cán bộ phải thuộc một đơn vị (--unit).');
  if (wanted.role === 'admin' && wanted.unit) throw new ApiError(400, 'bad-request', 'Tài khoản quản trị không thuộc đơn vị nào.');
  if (wanted.unit) {
    const known = findUnit(data.round, wanted.unit);
    if (!known) throw new ApiError(400, 'unknown-unit', `Đơn vị “${wanted.unit}” không có trong đợt báo cáo “${data.round.name}”.`);
    unit = known.name;
  }
  const token = newToken();
  const account: Account = {
    id: randomUUID(),
    role: wanted.role,
    ...(unit ? { unit } : {}),
    name: wanted.name?.trim() || `${ROLE_NAMES[wanted.role]}${unit ? ` ${unit}` : ''}`,
    tokenHash: hashToken(token),
    createdAt: now.toISOString(),
  };
  data.accounts.push(account);
  return { account, token };
}

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

/** Failed attempts per client address in a sliding window. */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 20,
    private readonly windowMs = 10 * 60 * 1000,
  ) {}

  blocked(client: string, now: number): boolean {
    const recent = (this.failures.get(client) ?? []).filter((t) => now - t < this.windowMs);
    this.failures.set(client, recent);
    return recent.length >= this.limit;
  }

  fail(client: string, now: number): void {
    const list = this.failures.get(client) ?? [];
    list.push(now);
    this.failures.set(client, list);
    if (this.failures.size > 10_000) this.failures.clear(); // bounded memory under a flood
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    account?: Account;
  }
}

export function authenticate(store: Store, limiter: FailedAuthLimiter, now: () => Date) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const client = req.ip ?? 'unknown';
    const t = now().getTime();
    if (limiter.blocked(client, t)) throw new ApiError(429, 'too-many-attempts', 'Đăng nhập sai quá nhiều lần. Hãy thử lại sau 10 phút.');
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const account = match ? accountForToken(store.data.accounts, match[1] as string) : undefined;
    if (!account) {
      if (match) limiter.fail(client, t); // a wrong token is a guess; a missing one is not

      throw new ApiError(401, 'unauthorized', match ? 'Mã truy cập không đúng hoặc đã bị thu hồi.' : 'Thiếu mã truy cập (Authorization: Bearer …).');
    }
    req.account = account;
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
