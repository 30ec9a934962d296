/** Which host the task pane runs in, once Office.js is ready (every Office.js call lives in addin/excel/). */
export type HostState = 'waiting' | 'excel' | 'other-host';

export async function whenOfficeReady(): Promise<Exclude<HostState, 'waiting'>> {
  if (typeof Office === 'undefined') return 'other-host';
  const info = await Office.onReady();
  return info.host === Office.HostType.Excel ? 'excel' : 'other-host';
}
