/**
 * The server version this workbook's report is based on, kept in the workbook's own settings
 * (Office.context.document.settings, saved with the file): the If-Match of the next send. A send
 * from a workbook that never sent, or that is behind a colleague's newer version, is refused by
 * the server (412) and the officer chooses; the pane never overwrites a version it has not seen.
 */
const SETTINGS_KEY = 'phuluc.baseVersion';

/** 0 when this workbook has not sent or copied a version yet. */
export function readBaseVersion(): number {
  const value: unknown = Office.context.document.settings.get(SETTINGS_KEY);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

export async function saveBaseVersion(version: number): Promise<void> {
  Office.context.document.settings.set(SETTINGS_KEY, version);
  await new Promise<void>((resolve, reject) =>
    Office.context.document.settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Failed ? reject(result.error) : resolve())),
  );
}
