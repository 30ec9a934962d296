/** Task pane entry: renders inside FluentProvider and tells the app which host Office.js reports. */
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { officeThemeIsDark, whenOfficeReady, type HostState } from '../excel/host';
import { keepPaneOffline } from '../offline/register';
import { officeExcel } from './actions';
import { App, type PaneDeps } from './App';

const deps: PaneDeps = { excel: officeExcel, storage: window.localStorage, defaultServerUrl: window.location.origin };

function Root() {
  const [host, setHost] = useState<HostState>('waiting');
  const [dark, setDark] = useState(false);
  useEffect(() => {
    void whenOfficeReady().then((state) => {
      setDark(officeThemeIsDark());
      setHost(state);
    });
  }, []);
  // The pane follows Office's theme; the page behind it too, so no white edge shows in dark mode.
  const theme = dark ? webDarkTheme : webLightTheme;
  useEffect(() => {
    document.body.style.background = theme.colorNeutralBackground1;
  }, [theme]);
  return (
    <FluentProvider theme={theme} style={{ minHeight: '100vh' }} data-theme={dark ? 'dark' : 'light'}>
      <App host={host} deps={deps} />
    </FluentProvider>
  );
}

declare global {
  interface Window {
    /** Set by engine-check.js when this engine cannot run the pane (its message is shown instead). */
    PHULUC_OLD_ENGINE?: boolean;
    PHULUC_STARTED?: boolean;
  }
}

if (!window.PHULUC_OLD_ENGINE) {
  window.PHULUC_STARTED = true;
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
  keepPaneOffline();
}
