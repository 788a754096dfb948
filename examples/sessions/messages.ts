import { Message } from '@troupe/core';

/** Everything addressed to one user's session carries the user id: the consistent-hash key. */
export abstract class UserMessage<R = void> extends Message<R> {
  constructor(readonly userId: string) {
    super();
  }
}

/** The user did something; `seq` counts the user's actions from 0. */
export class Action extends UserMessage {
  constructor(
    userId: string,
    readonly seq: number,
    readonly what: string,
  ) {
    super(userId);
  }
}

/** Which session actor holds this user (replies with its path). */
export class WhereIs extends UserMessage<string> {}

/** One user's session as a session actor holds it. */
export interface SessionView {
  readonly userId: string;
  readonly seqs: readonly number[];
}

/** To every session actor (broadcast): the sessions it holds. */
export class ListSessions extends Message<SessionView[]> {}
