/**
 * Counts handled messages and resolves once the expected number has been reached. Every library
 * signals progress through the same latch, so its (tiny) cost is the same for all.
 */
export class Latch {
  private remaining = 0;
  private resolve: (() => void) | undefined = undefined;
  /** Hits so far in the current round. */
  hits = 0;

  /** Starts a round of `expected` hits; the promise resolves on the last one. */
  arm(expected: number): Promise<void> {
    this.remaining = expected;
    this.hits = 0;
    return new Promise<void>((resolve) => (this.resolve = resolve));
  }

  /** Records one hit; true when it was the last expected one. */
  hit(): boolean {
    this.hits++;
    if (--this.remaining !== 0) return false;
    const resolve = this.resolve;
    this.resolve = undefined;
    resolve?.();
    return true;
  }
}

/** The latch the actors of every library hit. Scenarios arm it; only one runs at a time. */
export const latch = new Latch();
