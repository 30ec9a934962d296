/** Uploaded workbooks while requests use them, for every store. */

/**
 * Runs `use` with upload `name` counted as in use, so that a request refused while another still
 * uses the same workbook (two sends of one file) does not take it away; when `use` fails and no
 * one else uses it, `removeUnlessReported` removes it unless a report names it.
 */
export async function usingUpload<T>(inUse: Map<string, number>, name: string, use: (name: string) => Promise<T>, removeUnlessReported: () => Promise<void>): Promise<T> {
  inUse.set(name, (inUse.get(name) ?? 0) + 1);
  let failed = false;
  try {
    return await use(name);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const users = (inUse.get(name) ?? 1) - 1;
    if (users > 0) inUse.set(name, users);
    else inUse.delete(name);
    if (failed && users === 0) await removeUnlessReported().catch(() => undefined);
  }
}
