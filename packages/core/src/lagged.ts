import { Message } from './message';

/**
 * Told to a {@link Topic} subscriber that fell more than the topic's capacity behind, in place
 * of the `skipped` oldest messages it lost. Each gap gives exactly one `Lagged`.
 */
export class Lagged extends Message<void> {
  constructor(readonly skipped: number) {
    super();
  }
}
