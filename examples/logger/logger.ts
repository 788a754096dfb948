import { appendFile } from 'node:fs/promises';
import { Actor, Context, Handler, Message } from '@troupe/core';

/** One log line. */
export class Log extends Message<void> {
  constructor(
    readonly level: 'info' | 'warn' | 'error',
    readonly text: string,
  ) {
    super();
  }
}

/** Asks how many lines have reached the file so far. */
export class Written extends Message<number> {}

/**
 * Buffers log lines and appends them to a file ten at a time. On a graceful stop the mailbox is
 * drained first (every `Log` already queued is handled), then `stopped` flushes what is left,
 * so nothing accepted is lost.
 */
@Actor({ mailbox: 100 })
export class FileLogger {
  private buffer: string[] = [];
  private linesWritten = 0;

  constructor(
    private readonly path: string,
    private readonly batch = 10,
  ) {}

  @Handler() async log(m: Log): Promise<void> {
    this.buffer.push(`${m.level.toUpperCase()} ${m.text}`);
    if (this.buffer.length >= this.batch) await this.flush();
  }

  @Handler() written(_: Written): number {
    return this.linesWritten;
  }

  async stopped(_: Context<FileLogger>): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const lines = this.buffer;
    this.buffer = [];
    await appendFile(this.path, lines.map((l) => `${l}\n`).join(''));
    this.linesWritten += lines.length;
  }
}
