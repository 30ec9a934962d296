/**
 * Accounts while the server runs (admin): listed (never a token or its hash), created (the token
 * shown once), revoked (refused from the next request on, since every request reads the accounts).
 */
import { Router } from 'express';
import { z } from 'zod';
import { cleanText } from '../../core/rounds/round-schema';
import { createAccount, publicAccount, reissueAccount, requireRole, revokeAccount } from '../auth';
import { ApiError, durableWrite, jsonBody, parse } from '../http';
import type { Store } from '../store';

const newAccountSchema = z.strictObject({
  role: z.enum(['admin', 'officer', 'reviewer']),
  unit: cleanText(1, 200).optional(),
  name: cleanText(0, 200).optional(),
  /** A draft round's id: the account is made for one of its units before it opens. */
  round: z.string().max(60).optional(),
});

export function accountRoutes(store: Store, now: () => Date): Router {
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/', async (_req, res) => {
    const { accounts, round } = await store.read();
    res.json({ accounts: accounts.map((a) => publicAccount(a, round)) });
  });

  router.post('/', ...jsonBody('8kb'), async (req, res) => {
    const wanted = parse(newAccountSchema, req.body, 'Tài khoản mới');
    await durableWrite(req, res, store, (tx) => {
      const { account, token } = createAccount(tx, { role: wanted.role, ...(wanted.unit ? { unit: wanted.unit } : {}), ...(wanted.name ? { name: wanted.name } : {}), ...(wanted.round ? { round: wanted.round } : {}) }, req.account!.id, now());
      return { status: 201, body: { account: publicAccount(account, tx.data.round), token } };
    });
  });

  /** Cấp lại mã: a new token for the same account (its unit and history kept), the old one refused from now on. */
  router.post('/:id/reissue', async (req, res) => {
    await durableWrite(req, res, store, (tx) => {
      const id = String(req.params.id);
      if (id === req.account!.id) throw new ApiError(409, 'own-account', 'Không cấp lại mã cho tài khoản đang dùng. Hãy dùng một tài khoản quản trị khác.');
      const made = reissueAccount(tx, id, req.account!.id, now());
      if (!made) throw new ApiError(404, 'unknown-account', 'Không có tài khoản này, hoặc tài khoản đã bị thu hồi.');
      return { status: 200, body: { account: publicAccount(made.account, tx.data.round), token: made.token } };
    });
  });

  router.delete('/:id', async (req, res) => {
    await durableWrite(req, res, store, (tx) => {
      const id = String(req.params.id);
      if (id === req.account!.id) throw new ApiError(409, 'own-account', 'Không thu hồi được tài khoản đang dùng. Hãy dùng một tài khoản quản trị khác.');
      const account = revokeAccount(tx, id, req.account!.id, now());
      if (!account) throw new ApiError(404, 'unknown-account', 'Không có tài khoản này.');
      return { status: 200, body: { account: publicAccount(account) } };
    });
  });
  return router;
}
