/**
 * A task that never runs twice at once: a call while it runs waits for it and then runs it once
 * more (for the changes that came meanwhile); calls made during that wait share the rerun.
 */
export function oneAtATime(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again: Promise<void> | null = null;
  const start = (): Promise<void> => {
    running = task().finally(() => {
      running = null;
    });
    return running;
  };
  return () => {
    if (!running) return start();
    again ??= running.catch(() => undefined).then(() => {
      again = null;
      return start();
    });
    return again;
  };
}
