/** Task pane entry: renders inside FluentProvider and tells the app which host Office.js reports. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type HostState } from './App';

function Root() {
  const [host, setHost] = useState<HostState>('waiting');
  useEffect(() => {
    if (typeof Office === 'undefined') {
      setHost('other-host');
      return;
    }
    void Office.onReady((info) => setHost(info.host === Office.HostType.Excel ? 'excel' : 'other-host'));
  }, []);
  return (
    <FluentProvider theme={webLightTheme}>
      <App host={host} />
    </FluentProvider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
