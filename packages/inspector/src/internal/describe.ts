import { inspect } from 'node:util';

/** An error as the inspector shows it: never the thrown value itself. */
export interface ErrorView {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

const MAX_MESSAGE = 1_000;
const MAX_STACK = 4_000;
const MAX_PAYLOAD = 2_000;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** The class name of a value, or its type; never its contents. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return typeof value;
  try {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'Object';
  } catch {
    return 'Object';
  }
}

/**
 * A thrown value as shown: an `Error`'s name, message and stack (clipped); anything else by its
 * type alone, unless payloads are shown, then inspected (bounded).
 */
export function describeError(error: unknown, showPayloads: boolean): ErrorView {
  if (error instanceof Error) {
    let name = 'Error';
    let message = '';
    let stack: string | undefined;
    try {
      name = String(error.name);
      message = clip(String(error.message), MAX_MESSAGE);
      stack = typeof error.stack === 'string' ? clip(error.stack, MAX_STACK) : undefined;
    } catch {
      // a getter that throws: show what was read
    }
    return stack === undefined ? { name, message } : { name, message, stack };
  }
  const name = typeName(error);
  return { name, message: showPayloads ? describePayload(error) : `a thrown ${name} (not an Error)` };
}

/** A payload, bounded, for `showPayloads: true` only: depth 3, long strings and arrays cut. */
export function describePayload(value: unknown): string {
  try {
    return clip(inspect(value, { depth: 3, maxArrayLength: 20, maxStringLength: 200, breakLength: Infinity, getters: false }), MAX_PAYLOAD);
  } catch {
    return `(a ${typeName(value)} that cannot be shown)`;
  }
}
