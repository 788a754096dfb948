import { TimersCell } from './timers';
import { State } from './state';

/**
 * Death watch: the actors that asked to learn when this one stops (`ctx.watch`). Each gets one
 * `Terminated` when it does; watching an actor that has stopped delivers it at once.
 */
export abstract class WatchedCell<Self extends WatchedCell<Self>> extends TimersCell<Self> {
  addWatcher(watcher: Self): void {
    if (this.state === State.Stopped) return watcher.deliverSystem(this.system.terminatedOf(this.self));
    (this.c.watchers ??= new Set()).add(watcher);
  }

  removeWatcher(watcher: Self): void {
    this.cold?.watchers?.delete(watcher);
  }

  protected tellWatchers(): void {
    const watchers = this.cold?.watchers;
    if (watchers === undefined) return;
    this.cold!.watchers = undefined;
    const terminated = this.system.terminatedOf(this.self);
    for (const watcher of watchers) watcher.deliverSystem(terminated); // before the watcher's mailbox
  }
}
