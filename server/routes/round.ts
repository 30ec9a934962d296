/** Who am I and which round; the admin's audit log and per-unit deadline extensions. */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { compareKey } from '../../core/text';
import { accountUnit, unitIdOf } from '../../core/rounds/units';
import { LOCAL_ADMIN, requireRole, unitParam } from '../auth';
import { progressCache } from '../progress-cache';
import { wholeProgress } from '../progress';
import { progressPage } from '../../core/rounds/progress-view';
import { askedRound, roundOf } from '../rounds';
import { durableWrite, jsonBody, parse } from '../http';
import type { Store } from '../store';
import { roundChanged } from './submissions';

const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  unit: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
});
const extensionSchema = z.strictObject({ until: z.iso.datetime({ offset: true }) });
const progressQuerySchema = z.object({
  filter: z.enum(['all', 'not-sent', 'refused', 'sent', 'short']).default('all'),
  search: z.string().max(200).default(''),
  sort: z.enum(['name', 'state', 'date']).default('name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(10_000).default(50),
});

/** A version of a round's unit list (a digest of it), worked out once per list: the store gives a round's new settings a new list. */
const unitVersions = new WeakMap<object, string>();
function unitsVersion(units: object): string {
  let version = unitVersions.get(units);
  if (!version) unitVersions.set(units, (version = createHash('sha256').update(JSON.stringify(units)).digest('base64url').slice(0, 22)));
  return version;
}

/**
 * The units an account is sent: the secretariat's with their contacts, everyone else's without (a
 * focal point's name and telephone are for the organiser; the panes read only names and ids).
 */
const withoutContacts = new WeakMap<object, object[]>();
function unitsFor(role: string, units: ReadonlyArray<{ contact?: unknown }>): object {
  if (role === 'admin') return units;
  let list = withoutContacts.get(units);
  if (!list) withoutContacts.set(units, (list = units.map(({ contact: _contact, ...unit }) => unit)));
  return list;
}

export function roundRoutes(store: Store, now: () => Date): Router {
  const router = Router();
  const progressOf = progressCache(store);

  router.get('/me', async (req, res) => {
    const account = req.account!;
    const { id, role, name } = account;
    const { round, extensions } = await store.read();
    // The unit as this round calls it (renamed, or merged into another, since the account was made).
    const current = accountUnit(round, account);
    const unit = current?.name ?? account.unit;
    res.json({
      // Not a secret: the pane ties what it queues offline to the account that queued it.
      id,
      role,
      unit: unit ?? null,
      unitId: current ? unitIdOf(current) : (account.unitId ?? null),
      name,
      round: {
        id: round.id,
        name: round.name,
        year: round.year,
        ...(round.organiser ? { organiser: round.organiser } : {}),
        ...(round.secretariat ? { secretariat: round.secretariat } : {}),
        window: { ...round.window, ...(unit && extensions[unit] ? { extendedUntil: extensions[unit] } : {}) },
        fields: round.fields,
        rubric: round.rubric,
        // Not the units themselves: a nation's 3,400 are 200 KB, and a pane keeps them while this version stays (GET /api/round/units).
        unitsVersion: unitsVersion(unitsFor(role, round.units)),
        template: round.template,
        // When, not by whom: every role reads /api/me.
        scoresLocked: round.scoresLocked ? { at: round.scoresLocked.at } : null,
      },
    });
  });

  /**
   * The active round's units, for any account (the pane reads a sheet's unit names with them; the
   * contacts only for the secretariat): asked
   * for when /api/me's `unitsVersion` is not the one a pane keeps; If-None-Match with it answers 304.
   */
  router.get('/round/units', async (req, res) => {
    const { round } = await store.read();
    const units = unitsFor(req.account!.role, round.units);
    const version = unitsVersion(units);
    res.set({ ETag: `"${version}"`, 'Cache-Control': 'private, no-cache' });
    if (req.get('If-None-Match') === `"${version}"`) return void res.status(304).end();
    res.json({ version, units });
  });

  // Readable: each record with who did it by name; filtered by unit (its target) and by person.
  router.get('/audit', requireRole('admin'), async (req, res) => {
    const { limit, unit, actor } = parse(auditQuerySchema, req.query, 'Yêu cầu xem nhật ký');
    const unitKey = unit ? compareKey(unit) : null;
    const records = await store.audit({ limit, ...(actor === undefined ? {} : { actor }), ...(unitKey === null ? {} : { matches: (r) => compareKey(r.target) === unitKey }) });
    const names = new Map((await store.read()).accounts.map((a) => [a.id, a.name]));
    res.json({ audit: records.map((r) => ({ ...r, actorName: names.get(r.actor) ?? (r.actor === LOCAL_ADMIN.id ? LOCAL_ADMIN.name : null) })) });
  });

  /**
   * Every unit's state, or (with `page`) one page of the units a filter, a search and an order ask
   * for, with each filter's count: the pane's Tiến độ at a nation's size gets what it shows.
   */
  router.get('/progress', requireRole('admin'), async (req, res) => {
    const asked = askedRound(req);
    const progress = await progressOf(async () => {
      const data = await store.readWithScores(asked);
      return { data, round: roundOf(data, req) };
    });
    if (req.query.page === undefined) return void res.json(wholeProgress(progress));
    const query = parse(progressQuerySchema, req.query, 'Yêu cầu xem tiến độ');
    const { rows, ...view } = progressPage(progress.units, query);
    const { shortOfScores, shortCount, ...rest } = progress;
    res.json({
      ...rest,
      units: rows,
      view: { filter: query.filter, ...view },
      // The entries short of scores, the first page of them; how many in all.
      shortOfScores: shortOfScores(0, query.size),
      shortOfScoresTotal: shortCount,
    });
  });

  router.put(
    '/extensions/:unit',
    requireRole('admin'),
    ...jsonBody('4kb'),
    async (req, res) => {
      const { round } = await store.read();
      const unit = unitParam(round, String(req.params.unit));
      const { until } = parse(extensionSchema, req.body, 'Gia hạn');
      await durableWrite(req, res, store, (tx) => {
        if (tx.data.round !== round) throw roundChanged();
        const before = tx.data.extensions[unit] ?? null;
        tx.putExtension(tx.data.round.id, unit, until);
        tx.addAudit({ at: now().toISOString(), actor: req.account!.id, action: 'extend', target: unit, before, after: until });
        return { status: 200, body: { unit, until } };
      });
    },
  );

  return router;
}
