import 'reflect-metadata';
import { WIRE_NAME } from './metadata-keys';

/**
 * Classes by their `@Wire` name, for the packages that rebuild them on the far side of a process
 * boundary (`@troupe/remote`). The last class decorated with a name holds it.
 */
const wireClasses = new Map<string, abstract new (...args: never[]) => unknown>();

/**
 * Gives a message class a stable name for crossing thread (or process) boundaries, where two
 * classes share a name or a minifier renames them. Default wire name: the class name. The name also
 * registers the class, so that a process that receives it by name can rebuild it (replies and
 * errors too: any class may carry it).
 *
 * @example
 * ```ts
 * @Wire('billing.Charge') class Charge extends Message<Receipt> {}
 * ```
 */
export function Wire(name: string): ClassDecorator {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`@Wire: the wire name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  return (target) => {
    Reflect.defineMetadata(WIRE_NAME, name, target);
    wireClasses.set(name, target as unknown as abstract new (...args: never[]) => unknown);
  };
}

/** The wire name of a message class: its `@Wire` name, or its class name. */
export function wireNameOf(messageClass: abstract new (...args: never[]) => unknown): string {
  return (Reflect.getOwnMetadata(WIRE_NAME, messageClass) as string | undefined) ?? messageClass.name;
}

/** The class registered with `@Wire(name)` in this process (the last one, if several), if any. */
export function wireClassNamed(name: string): (abstract new (...args: never[]) => unknown) | undefined {
  return wireClasses.get(name);
}
