/** Where a command writes: stdout, stderr, and whether progress lines may go to stderr. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Progress lines go to stderr only on a terminal. */
  progress: boolean;
}
