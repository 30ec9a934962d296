/**
 * The outbox: every write the pane makes (a report, later a score) is first stored here, then
 * sent. It lives in the task pane's storage, so a send made offline survives a reload; each item
 * carries its own Idempotency-Key, so however often it is retried the server applies it once.
 * Retries back off (1 s, 2 s, 4 s … up to 5 min) and restart when the browser comes online.
 * An answer that is the server's verdict (401, 403, 409, 412, 422 …) is kept for the user and
 * never retried blindly.
 */
import { ApiFailure, apiRequest, type Connection, type FetchLike } from './api';
import type { KeyValueStore } from './settings';
import { newIdempotencyKey } from './idempotency-key';

const KEY = 'phuluc.outbox.v1';
const MAX_DELAY_MS = 5 * 60_000;

export type OutboxState = 'pending' | 'delivered' | 'rejected';

export interface OutboxItem {
  /** Also the Idempotency-Key. */
  key: string;
  kind: 'submission' | 'score';
  /** What the user sees: "Báo cáo của Phường 1". */
  label: string;
  method: 'PUT';
  path: string;
  body: unknown;
  ifMatch?: number;
  createdAt: string;
  attempts: number;
  /** When it was last tried (absent before the first try). */
  lastAttemptAt?: string;
  nextAttemptAt: string;
  state: OutboxState;
  /** The last failure, in Vietnamese, with the server's body (issues, the current record…). */
  error?: { status: number | 'offline'; code: string; message: string; body: unknown };
  /** The server's answer once delivered. */
  answer?: unknown;
  /**
   * The account that made it (its id): it is sent only while that account is signed in, never
   * under another's token (a jury's shared office PC).
   */
  owner?: string;
  deliveredAt?: string;
}

export interface OutboxOptions {
  fetch?: FetchLike;
  now?: () => Date;
  /** Called after any change, and with each item delivered (to write back ids). */
  onChange?: (items: OutboxItem[]) => void;
  onDelivered?: (item: OutboxItem) => void;
  /** Runs before each flush (the reviewer's pane re-reads the score sheet: edits Excel gave no event for). */
  beforeFlush?: () => Promise<void>;
  /** The account signed in now (its id), or null when none is known: items are made and sent as its. */
  owner?: () => string | null;
}

export class Outbox {
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  constructor(
    private readonly store: KeyValueStore,
    private readonly connection: () => Connection | null,
    private readonly options: OutboxOptions = {},
  ) {}

  items(): OutboxItem[] {
    try {
      const items: unknown = JSON.parse(this.store.getItem(KEY) ?? '[]');
      return Array.isArray(items) ? (items as OutboxItem[]) : [];
    } catch {
      return [];
    }
  }

  private save(items: OutboxItem[]): void {
    this.store.setItem(KEY, JSON.stringify(items));
    this.options.onChange?.(items);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  pending(): OutboxItem[] {
    return this.items().filter((i) => i.state === 'pending');
  }

  /**
   * The items of the account signed in now: none while no account is known. An outbox made
   * without `owner` (one account only) holds nobody else's.
   */
  mine(items: ReadonlyArray<OutboxItem> = this.items()): OutboxItem[] {
    if (!this.options.owner) return [...items];
    const owner = this.options.owner();
    return owner === null ? [] : items.filter((i) => i.owner === owner);
  }

  /** Items still waiting that another account made: kept for it, sent when it signs in again. */
  othersWaiting(items: ReadonlyArray<OutboxItem> = this.items()): OutboxItem[] {
    const mine = new Set(this.mine(items));
    return items.filter((i) => i.state === 'pending' && !mine.has(i));
  }

  /**
   * Items made before the outbox knew its accounts become `owner`'s: the account whose identity
   * the pane had saved when they were made (the only one it could have been).
   */
  adopt(owner: string): void {
    const items = this.items();
    if (items.some((i) => i.owner === undefined)) this.save(items.map((i) => (i.owner === undefined ? { ...i, owner } : i)));
  }

  /**
   * Stores a write to send. It replaces an earlier item for the same path still waiting or
   * refused (only the latest report of a unit, or the latest score of an entry, matters); the
   * last delivered one stays until a newer one is delivered, as the record of what the server holds.
   */
  enqueue(write: Pick<OutboxItem, 'kind' | 'label' | 'path' | 'body' | 'ifMatch'>): OutboxItem {
    const now = this.now().toISOString();
    const owner = this.options.owner?.() ?? undefined;
    const item: OutboxItem = { ...write, method: 'PUT', key: newIdempotencyKey(), createdAt: now, attempts: 0, nextAttemptAt: now, state: 'pending', ...(owner ? { owner } : {}) };
    // Another account's item for the same path is its own: never replaced by this one.
    const kept = this.items().filter((i) => i.path !== write.path || i.state === 'delivered' || i.owner !== item.owner);
    this.save([...kept, item]);
    return item;
  }

  /** Forgets a delivered or rejected item the user has seen. */
  dismiss(key: string): void {
    this.save(this.items().filter((i) => i.key !== key || i.state === 'pending'));
  }

  /** Sends every item that is due, oldest first; one flush at a time. */
  flush(options: { force?: boolean } = {}): Promise<void> {
    this.flushing ??= this.send(options.force ?? false).finally(() => {
      this.flushing = null;
      this.schedule();
    });
    return this.flushing;
  }

  private async send(force: boolean): Promise<void> {
    const connection = this.connection();
    if (!connection) return;
    await this.options.beforeFlush?.().catch((error: unknown) => console.warn(error));
    // Only what the account signed in now made: its token must never carry another's write.
    for (const due of this.mine(this.pending())) {
      if (!force && Date.parse(due.nextAttemptAt) > this.now().getTime()) continue;
      const outcome = await this.deliver(connection, due);
      if (outcome === 'offline') break; // the rest would fail the same way
    }
  }

  private async deliver(connection: Connection, item: OutboxItem): Promise<'ok' | 'offline' | 'failed'> {
    try {
      const answer = await apiRequest(connection, item.method, item.path, {
        body: item.body,
        idempotencyKey: item.key,
        ...(item.ifMatch !== undefined ? { ifMatch: item.ifMatch } : {}),
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      });
      const delivered: OutboxItem = { ...item, state: 'delivered', answer, deliveredAt: this.now().toISOString(), attempts: item.attempts + 1 };
      // The server applied it even if a newer write replaced it while on the wire: it becomes the
      // record of what the server holds for its path, replacing the previous record (of this account).
      const kept = this.items().filter((i) => i.key !== item.key && !(i.path === item.path && i.state === 'delivered' && i.owner === item.owner));
      this.save([...kept, delivered]);
      this.options.onDelivered?.(delivered);
      return 'ok';
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : new ApiFailure('offline', 'offline', String(error));
      const attempts = item.attempts + 1;
      const recorded = { status: failure.status, code: failure.code, message: failure.message, body: failure.body };
      if (failure.retryable) {
        const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (attempts - 1));
        this.update(item.key, { attempts, error: recorded, lastAttemptAt: this.now().toISOString(), nextAttemptAt: new Date(this.now().getTime() + delay).toISOString() });
        return failure.status === 'offline' ? 'offline' : 'failed';
      }
      this.update(item.key, { attempts, error: recorded, state: 'rejected' });
      return 'failed';
    }
  }

  private update(key: string, change: Partial<OutboxItem>): OutboxItem | null {
    let updated: OutboxItem | null = null;
    // Re-read: the item may have been replaced while its request was on the wire.
    const items = this.items().map((i) => (i.key === key ? (updated = { ...i, ...change }) : i));
    if (updated) this.save(items);
    return updated;
  }

  /** Keeps retrying in the background: at the next due time, and as soon as the browser is online. */
  start(): void {
    this.running = true;
    globalThis.addEventListener?.('online', this.onOnline);
    void this.flush();
  }

  stop(): void {
    this.running = false;
    globalThis.removeEventListener?.('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly onOnline = () => void this.flush({ force: true });

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running) return;
    const next = Math.min(...this.mine(this.pending()).map((i) => Date.parse(i.nextAttemptAt)));
    if (!Number.isFinite(next)) return;
    this.timer = setTimeout(() => void this.flush(), Math.max(0, next - this.now().getTime()));
    (this.timer as { unref?: () => void }).unref?.();
  }
}
