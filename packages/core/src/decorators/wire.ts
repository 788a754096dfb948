import 'reflect-metadata';
import { WIRE_NAME } from './metadata-keys';

/**
 * Gives a message class a stable name for crossing thread (or process) boundaries, where two
 * classes share a name or a minifier renames them. Default wire name: the class name.
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
  };
}

/** The wire name of a message class: its `@Wire` name, or its class name. */
export function wireNameOf(messageClass: abstract new (...args: never[]) => unknown): string {
  return (Reflect.getOwnMetadata(WIRE_NAME, messageClass) as string | undefined) ?? messageClass.name;
}
