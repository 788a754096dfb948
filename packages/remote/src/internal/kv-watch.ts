import type { KV, KvEntry, QueuedIterator } from 'nats';

/**
 * A mirror's watch of a KV bucket, restartable: each `start` supersedes the one before (a
 * generation count tells a superseded watch's late entries and ending apart), resolves once the
 * bucket's current entries have been applied, and reports an end nobody asked for (the
 * connection's loss, an error) so that the owner can watch again. Used by the cluster store
 * (names, groups) and the shard tables.
 */
export class KvWatch {
  private iterator: QueuedIterator<KvEntry> | undefined = undefined;
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly kv: KV,
    private readonly key: string,
    private readonly apply: (entry: KvEntry) => void,
    /** The watch ended on its own: `error` is why, undefined when it just ended. */
    private readonly ended: (error: unknown) => void,
    /** The current entries are applied (after each start); `generation` tells whether it is still current. */
    private readonly mirrored?: (generation: number) => void,
  ) {}

  /** Whether `generation` is the watch running now. */
  isCurrent(generation: number): boolean {
    return generation === this.generation;
  }

  /** (Re)starts the watch; resolves once the current entries are applied. */
  start(): Promise<void> {
    const generation = ++this.generation;
    this.iterator?.stop();
    this.iterator = undefined;
    return new Promise<void>((resolve, reject) => {
      let initialized = false;
      this.kv
        .watch({
          key: this.key,
          initializedFn: () => {
            initialized = true;
            resolve();
            this.mirrored?.(generation);
          },
        })
        .then(async (iterator) => {
          if (generation !== this.generation) return iterator.stop();
          this.iterator = iterator;
          for await (const entry of iterator) {
            if (generation !== this.generation) break;
            this.apply(entry);
          }
          if (!this.stopped && generation === this.generation) this.ended(undefined);
        })
        .catch((error: unknown) => {
          if (!initialized) return reject(error);
          if (!this.stopped && generation === this.generation) this.ended(error);
        });
    });
  }

  /** Stops for good. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.iterator?.stop();
    this.iterator = undefined;
  }
}
