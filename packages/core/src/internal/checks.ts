import { ActorConfigError } from '../errors';

/** Whether a mailbox capacity is valid: a positive integer or Infinity. */
export function isCapacity(capacity: unknown): capacity is number {
  return capacity === Infinity || (typeof capacity === 'number' && Number.isInteger(capacity) && capacity >= 1);
}

/** Throws a clear error for a capacity that is not a positive integer or Infinity. */
export function checkCapacity(capacity: unknown, where: string): number {
  if (isCapacity(capacity)) return capacity;
  throw new ActorConfigError(`mailbox capacity for ${where} must be a positive integer or Infinity, got ${String(capacity)}`, where);
}
