/** Entry of the browser page /nop-bao-cao.html (no Office.js: it runs in any modern browser). */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { scopedStorage } from '../sync/settings';
import { UploadPage } from './UploadPage';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <FluentProvider theme={webLightTheme}>
      <UploadPage deps={{ storage: scopedStorage(window.localStorage, 'nop-bao-cao:'), serverUrl: window.location.origin }} />
    </FluentProvider>
  </StrictMode>,
);
