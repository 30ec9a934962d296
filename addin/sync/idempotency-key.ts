/**
 * A random Idempotency-Key (32 hex digits) from crypto.getRandomValues, which every engine that
 * runs the pane has; crypto.randomUUID is missing from Safari before 15.4 (Excel on older Macs).
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
