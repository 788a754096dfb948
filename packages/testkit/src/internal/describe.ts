import { inspect } from 'node:util';

const MAX = 160;

/** A message as a test failure or a trace shows it: its class and fields, on one line, cut short. */
export function describeMessage(message: unknown): string {
  let text: string;
  try {
    if (message !== null && typeof message === 'object' && message.constructor?.name === 'TimerTask') return '(a timer callback)';
    text = inspect(message, { depth: 2, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 60 });
  } catch {
    text = '(a message that cannot be shown)';
  }
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

/** An error as a test failure shows it: its name and message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return describeMessage(error);
}

/** `n thing`, `n things`. */
export function plural(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}
