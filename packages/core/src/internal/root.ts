import { ChildList } from './children';
import type { ActorCell } from './cell/cell';
import type { Parent } from './port';
import { defaultStrategy, type SupervisionStrategy } from './strategy';

/** The parent of top-level actors (`/user`). Its strategy is core's default. */
export class RootGuardian implements Parent<ActorCell> {
  readonly path = '/user';
  readonly strategy = defaultStrategy as unknown as SupervisionStrategy<ActorCell>;
  readonly childList = new ChildList<ActorCell>();

  constructor(private readonly failure: (cause: unknown) => void) {}

  adopt(child: ActorCell, before?: ActorCell): void {
    this.childList.insertBefore(child, before?.parent === this && !before.isStopped ? before : undefined);
    if (child.hasChosenName) this.childList.claimName(child.name, child);
  }

  release(child: ActorCell): void {
    this.childList.remove(child);
  }

  fail(cause: unknown, from?: ActorCell): void {
    if (from !== undefined) from.escalated = true;
    this.failure(cause);
  }
}
