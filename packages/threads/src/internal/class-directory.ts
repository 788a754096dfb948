import { ActorConfigError, Message, wireNameOf, type ActorClass } from '@troupe/core';
import { ActorDefinition, KNOWN_ERROR_CLASSES } from '@troupe/core/internal';
import { WorkerCrashedError } from '../errors';

/** Any class, as the directory holds them. */
export type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * Classes every thread knows: `Message` itself (what a class the module does not know crosses as,
 * to an actor with a catch-all handler), and the error classes of JavaScript and Troupe.
 */
const BASE_CLASSES: readonly AnyClass[] = [Message, ...KNOWN_ERROR_CLASSES, WorkerCrashedError];

/**
 * Which class a wire name stands for, in one thread, for one threaded actor. Three tiers, looked
 * up in this order: classes given by the caller (`classes`, calling thread only), classes the
 * actor module defines (its handlers' message classes and its exported message and error
 * classes: the same in every thread, since every thread loads the module), and the error classes
 * of JavaScript and Troupe.
 *
 * A message crosses under the wire name of its nearest class (itself or a base class) that the
 * module defines, so that the worker can rebuild it; replies and errors cross with the wire names
 * of their whole class chain, so that the calling thread rebuilds them as the nearest class it knows.
 */
export class ClassDirectory {
  private readonly extra = new Map<string, AnyClass>();
  private readonly shared = new Map<string, AnyClass>();
  private readonly handled = new Set<string>();
  private readonly catchAll: boolean;
  private readonly sharedWires = new Map<Function, string | null>();
  private readonly chains = new Map<Function, readonly string[]>();

  /**
   * Reads the actor class's handlers and the module's exports. Throws `ActorConfigError` when two
   * of those classes share a wire name, which would make rebuilding ambiguous.
   */
  constructor(actorClass: ActorClass, moduleExports: object, extra: readonly AnyClass[] = []) {
    const definition = ActorDefinition.of(actorClass);
    const where = `spawnThreaded(${actorClass.name})`;
    let catchAll = false;
    for (const messageClass of definition.handlers.keys()) {
      if (messageClass === Message) {
        catchAll = true;
        continue;
      }
      const wire = this.addShared(messageClass, where, 'handles');
      this.handled.add(wire);
    }
    this.catchAll = catchAll;
    for (const value of Object.values(moduleExports)) {
      if (isMessageClass(value) || isErrorClass(value)) this.addShared(value, where, 'exports');
    }
    for (const cls of extra) {
      if (typeof cls !== 'function') throw new ActorConfigError(`${where}: classes must be classes, got ${String(cls)}`);
      this.extra.set(wireNameOf(cls), cls);
    }
  }

  /** The wire name the module knows `messageClass` by: its own, or its nearest base class's. */
  wireFor(messageClass: Function): string | undefined {
    let wire = this.sharedWires.get(messageClass);
    if (wire === undefined) {
      wire = null;
      for (let c: unknown = messageClass; typeof c === 'function' && c !== Message; c = Object.getPrototypeOf(c)) {
        const name = wireNameOf(c as AnyClass);
        if (this.shared.has(name)) {
          wire = name;
          break;
        }
      }
      this.sharedWires.set(messageClass, wire);
    }
    return wire ?? undefined;
  }

  /** Whether some handler of the actor takes messages of this class. */
  handles(messageClass: Function): boolean {
    if (this.catchAll) return true;
    for (let c: unknown = messageClass; typeof c === 'function' && c !== Message; c = Object.getPrototypeOf(c)) {
      if (this.handled.has(wireNameOf(c as AnyClass))) return true;
    }
    return false;
  }

  /** The wire names of a class and its bases, up to (not including) `Message`, `Error` is kept. */
  chainOf(cls: Function): readonly string[] {
    let chain = this.chains.get(cls);
    if (chain === undefined) {
      const names: string[] = [];
      for (let c: unknown = cls; typeof c === 'function' && c !== Message && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
        names.push(wireNameOf(c as AnyClass));
        if (c === Error) break;
      }
      chain = names;
      this.chains.set(cls, chain);
    }
    return chain;
  }

  /** The class for a wire name, in tier order. */
  classFor(wire: string): AnyClass | undefined {
    return this.extra.get(wire) ?? this.shared.get(wire) ?? BASE.get(wire);
  }

  /** The nearest class of a chain that this thread knows. */
  resolve(chain: readonly string[] | undefined): AnyClass | undefined {
    if (chain === undefined) return undefined;
    for (const wire of chain) {
      const cls = this.classFor(wire);
      if (cls !== undefined) return cls;
    }
    return undefined;
  }

  private addShared(cls: AnyClass, where: string, how: string): string {
    const wire = wireNameOf(cls);
    const known = this.shared.get(wire);
    if (known !== undefined && known !== cls) {
      throw new ActorConfigError(
        `${where}: two classes the actor ${how} are both called "${wire}" on the wire, so a worker thread ` +
          `could not tell which to rebuild. Give one of them a stable name with @Wire('some.unique.Name') ` +
          "(from '@troupe/core').",
      );
    }
    this.shared.set(wire, cls);
    return wire;
  }
}

const BASE = new Map<string, AnyClass>(BASE_CLASSES.map((cls) => [wireNameOf(cls), cls]));

function isMessageClass(value: unknown): value is AnyClass {
  return typeof value === 'function' && value.prototype instanceof Message;
}

function isErrorClass(value: unknown): value is AnyClass {
  return typeof value === 'function' && value.prototype instanceof Error;
}
