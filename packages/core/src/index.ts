import 'reflect-metadata';

export { Message, isMessage, type ReplyOf, type MessageClass } from './message';
export { Actor, type ActorOptions } from './decorators/actor';
export { Handler, type HandlerOptions } from './decorators/handler';
export { Wire, wireNameOf } from './decorators/wire';
export { ActorSystem, type SystemOptions, type SystemEvents, type ActorEvent } from './system';
export { ActorRef, Addr, Recipient, type SendOptions } from './address';
export { Context, type ContextSystem } from './context';
export { Terminated } from './terminated';
export type { TimerHandle } from './timers';
export type { Directive } from './supervision';
export { DeadLetters, type DeadLetter, type DeadLetterReason } from './dead-letters';
export { consoleLogger, silentLogger, type Logger } from './logger';
export type { ActorClass, ActorArgs, HandledBy, SpawnOptions } from './types';
export {
  ActorError,
  InvalidMessageError,
  MailboxFullError,
  ActorStoppedError,
  TimeoutError,
  UnhandledMessageError,
  DeadlockError,
  StashOverflowError,
  ActorConfigError,
} from './errors';
export { Topic, type TopicOptions, type Subscriber } from './topic';
export { Lagged } from './lagged';
