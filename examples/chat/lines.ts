/** The longest line a client may send, in bytes (without its newline): 64 KB. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Splits the bytes read from a socket into lines. It holds at most `maxLineBytes` of a line that
 * has not ended yet, so a client that never sends a newline cannot make the server buffer without
 * bound. Lines are decoded as UTF-8 once whole, so a character split across reads stays intact.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private bytes = 0;

  constructor(readonly maxLineBytes = MAX_LINE_BYTES) {}

  /**
   * The lines that `chunk` completes, without their `\n` or `\r\n`; or `undefined` when a line is
   * longer than `maxLineBytes`, after which the stream is no longer split.
   */
  push(chunk: Buffer): string[] | undefined {
    const lines: string[] = [];
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf(0x0a, start)) >= 0) {
      if (this.bytes + newline - start > this.maxLineBytes) return undefined;
      this.parts.push(chunk.subarray(start, newline));
      lines.push(Buffer.concat(this.parts).toString('utf8').replace(/\r$/, ''));
      this.parts = [];
      this.bytes = 0;
      start = newline + 1;
    }
    const rest = chunk.length - start;
    if (this.bytes + rest > this.maxLineBytes) return undefined;
    if (rest > 0) {
      this.parts.push(Buffer.from(chunk.subarray(start))); // a copy: the chunk may be larger than the rest
      this.bytes += rest;
    }
    return lines;
  }
}
