/**
 * Copies `text` to the clipboard; false where the host does not allow it (some Office hosts'
 * frames), so the view can say how to copy by hand instead.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
