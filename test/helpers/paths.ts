import path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** ../shared/fixtures beside the repository (as in CI), or PHULUC_FIXTURES. */
export const FIXTURES = process.env.PHULUC_FIXTURES ?? path.resolve(ROOT, '..', 'shared', 'fixtures');
export const REPORTS = path.join(FIXTURES, 'reports');
export const report = (name: string) => path.join(REPORTS, name);
