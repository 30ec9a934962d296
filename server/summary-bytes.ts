/**
 * One summary's bytes as they arrive from the summary worker: kept (the next request for the same
 * version is answered from them) and readable while they still arrive, by as many requests as ask,
 * each from the first byte. A build that fails ends every reader with the error.
 */
export class SummaryBytes {
  private readonly chunks: Buffer[] = [];
  private state: 'open' | 'done' | Error = 'open';
  /** The bytes joined, once all are there: every request for the JSON would otherwise copy them again. */
  private joined: Buffer | null = null;
  private waiting: Array<() => void> = [];

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.wake();
  }

  finish(): void {
    this.state = 'done';
    this.wake();
  }

  fail(error: Error): void {
    if (this.state === 'open') this.state = error;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private next(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Every chunk from the first, those to come as they come; throws the build's error if it fails. */
  async *read(): AsyncGenerator<Buffer> {
    for (let i = 0; ; ) {
      if (i < this.chunks.length) yield this.chunks[i++] as Buffer;
      else if (this.state === 'done') return;
      else if (this.state instanceof Error) throw this.state;
      else await this.next();
    }
  }

  /** Once the first bytes are there or the build is over: rejects if it failed before sending any. */
  async started(): Promise<void> {
    while (this.chunks.length === 0 && this.state === 'open') await this.next();
    if (this.chunks.length === 0 && this.state instanceof Error) throw this.state;
  }

  /**
   * Chunk `i` of an answer whose chunks are parts of their own (the pane's sheets), once it is
   * there; undefined when the build ended with fewer. Throws the build's error if it fails first.
   */
  async part(i: number): Promise<Buffer | undefined> {
    while (this.chunks.length <= i && this.state === 'open') await this.next();
    if (i < this.chunks.length) return this.chunks[i];
    if (this.state instanceof Error) throw this.state;
    return undefined;
  }

  /** Once the build is over: whether it succeeded. */
  async over(): Promise<boolean> {
    while (this.state === 'open') await this.next();
    return this.state === 'done';
  }

  /** The bytes, once all are there. */
  async whole(): Promise<Buffer> {
    if (this.joined) return this.joined;
    const parts: Buffer[] = [];
    for await (const chunk of this.read()) parts.push(chunk);
    this.joined = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    return this.joined;
  }
}
