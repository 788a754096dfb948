import { Message, type Addr } from '@troupe/core';
import type { Session } from './session';

/** A line said in the room, broadcast to every session. */
export class ChatLine extends Message<void> {
  constructor(
    readonly from: string,
    readonly text: string,
  ) {
    super();
  }
}

/** A session joins the room under a nickname. */
export class Join extends Message<void> {
  constructor(
    readonly session: Addr<Session>,
    readonly nick: string,
  ) {
    super();
  }
}

/** A user says something. */
export class Say extends Message<void> {
  constructor(
    readonly nick: string,
    readonly text: string,
  ) {
    super();
  }
}

/** A line typed by the user, read from the socket. */
export class Input extends Message<void> {
  constructor(readonly line: string) {
    super();
  }
}

/** How many users are in the room. */
export class CountUsers extends Message<number> {}
