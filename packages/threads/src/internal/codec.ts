import type { ClassDirectory, AnyClass } from './class-directory';
import { scan, type NestedMessage } from './clone-scan';
import type { SerializedError } from './protocol';

/**
 * Gives a structured-cloned object back its class: the prototype of the class its wire names
 * resolve to, and the same for the messages nested in it. The constructor does not run (the
 * fields are already there), as with any deserialisation. Unknown names leave plain objects.
 */
export function rebuild(value: object, cls: AnyClass | undefined, nested: readonly NestedMessage[] | undefined, directory: ClassDirectory): object {
  if (cls !== undefined) Object.setPrototypeOf(value, cls.prototype);
  if (nested !== undefined) {
    for (const [path, wire] of nested) {
      const nestedClass = directory.classFor(wire);
      if (nestedClass === undefined) continue;
      let target: unknown = value;
      for (const key of path) target = (target as Record<string | number, unknown>)?.[key];
      if (typeof target === 'object' && target !== null) Object.setPrototypeOf(target, nestedClass.prototype);
    }
  }
  return value;
}

const OWN_ERROR_KEYS = new Set(['name', 'message', 'stack', 'cause']);

/**
 * An error as it can cross: its name, message, stack, the wire names of its class chain, those of
 * its own fields that can be cloned (`code`, `actor`, ...) and its cause. Anything else thrown
 * crosses as itself if it can be cloned, else as its string form.
 */
export function serializeError(error: unknown, directory: ClassDirectory, depth = 0): SerializedError {
  if (!(error instanceof Error)) {
    const cloneable = typeof error !== 'object' || error === null ? typeof error !== 'function' && typeof error !== 'symbol' : scan(error, noWire)?.refusal === undefined;
    return { name: '', message: String(error), stack: undefined, chain: [], props: undefined, cause: undefined, thrown: cloneable ? error : String(error) };
  }
  let props: Record<string, unknown> | undefined;
  for (const key of Object.keys(error)) {
    if (OWN_ERROR_KEYS.has(key)) continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (!isCloneable(value)) continue;
    (props ??= {})[key] = value;
  }
  const cause = (error as { cause?: unknown }).cause;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    chain: directory.chainOf(error.constructor),
    props,
    cause: cause !== undefined && depth < 8 ? serializeError(cause, directory, depth + 1) : undefined,
  };
}

/** The error again, as an instance of the nearest class of its chain this thread knows, else an `Error` with its name. */
export function deserializeError(serialized: SerializedError, directory: ClassDirectory): unknown {
  if ('thrown' in serialized) return serialized.thrown;
  const cls = directory.resolve(serialized.chain);
  const error = (cls === undefined ? new Error(serialized.message) : Object.create(cls.prototype)) as Error;
  define(error, 'message', serialized.message);
  define(error, 'stack', serialized.stack);
  if (error.name !== serialized.name) define(error, 'name', serialized.name);
  if (serialized.props !== undefined) Object.assign(error, serialized.props);
  if (serialized.cause !== undefined) define(error, 'cause', deserializeError(serialized.cause, directory));
  return error;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

function isCloneable(value: unknown): boolean {
  const type = typeof value;
  if (type === 'function' || type === 'symbol') return false;
  if (type !== 'object' || value === null) return true;
  return scan(value as object, noWire)?.refusal === undefined;
}

function noWire(): undefined {
  return undefined;
}
