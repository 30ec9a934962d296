/** Registers the service worker that keeps the pane available offline, where the webview has service workers. */
export function keepPaneOffline(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('sw.js').catch((error: unknown) => console.warn('Không bật được chế độ dùng ngoại tuyến cho ngăn Phụ lục', error));
}
