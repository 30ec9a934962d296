/** A score record as the store keeps it, for the store's own tests: reviewer `reviewerId`'s score of entry `entryId` in unit `unit`. */
import type { Score } from '../../server/store';

export const AT = '2024-08-21T03:00:00.000Z';

export const scoreRecord = (entryId: string, reviewerId: string, version: number, unit = 'Phường 1'): Score => ({
  id: `${entryId}|${reviewerId}`,
  entryId,
  reviewerId,
  unit,
  points: { tinhMoi: 20, hieuQua: 20, nhanRong: 10, khaThi: 10 },
  comment: '',
  version,
  updatedAt: AT,
  entryFingerprint: 'f',
  stale: false,
});
