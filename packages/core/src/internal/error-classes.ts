import {
  ActorConfigError,
  ActorError,
  ActorStoppedError,
  DeadlockError,
  InvalidMessageError,
  MailboxFullError,
  StashOverflowError,
  TimeoutError,
  UnhandledMessageError,
} from '../errors';

/**
 * The error classes every Troupe process knows by name, with no `@Wire`: JavaScript's own and
 * core's. Packages that carry errors across a boundary (threads, remote) rebuild these as their
 * own class, adding the errors of their own and of the packages they know.
 */
export const KNOWN_ERROR_CLASSES: readonly (abstract new (...args: never[]) => Error)[] = [
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  AggregateError,
  ActorError,
  InvalidMessageError,
  MailboxFullError,
  ActorStoppedError,
  TimeoutError,
  UnhandledMessageError,
  DeadlockError,
  StashOverflowError,
  ActorConfigError,
];
