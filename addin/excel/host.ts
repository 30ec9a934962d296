/** Which host the task pane runs in, once Office.js is ready (every Office.js call lives in addin/excel/). */
export type HostState = 'waiting' | 'excel' | 'other-host';

export async function whenOfficeReady(): Promise<Exclude<HostState, 'waiting'>> {
  if (typeof Office === 'undefined') return 'other-host';
  const info = await Office.onReady();
  return info.host === Office.HostType.Excel ? 'excel' : 'other-host';
}

/**
 * Office's own theme is dark (Black or Dark Gray): Office.context.officeTheme.isDarkTheme
 * (@types/office-js, Office.OfficeTheme). A host without the property (some Excel on the web
 * sessions) is taken as light, the pane's default.
 */
export function officeThemeIsDark(): boolean {
  if (typeof Office === 'undefined') return false;
  const theme = (Office.context as Partial<Pick<Office.Context, 'officeTheme'>> | undefined)?.officeTheme;
  return theme?.isDarkTheme === true;
}
