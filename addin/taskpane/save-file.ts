/** A file the server made, offered to the user as a download (the pane in a browser, the Nộp báo cáo page). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Released later: a download still reading the address must not lose it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
