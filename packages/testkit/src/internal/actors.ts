import type { ActorSystem } from '@troupe/core';
import { envOf, type ActorCell } from '@troupe/core/internal';

/** Handler and hook promises the system's actors are waiting on now. */
export function awaitingOf(system: ActorSystem): number {
  return envOf(system).awaiting;
}

/** Every actor of the system that has not stopped, parents before children, without recursion. */
export function* cellsOf(system: ActorSystem): Generator<ActorCell> {
  const stack: (ActorCell | undefined)[] = [envOf(system).root.childList?.first];
  while (stack.length > 0) {
    const cell = stack.pop();
    if (cell === undefined) continue;
    stack.push(cell.nextSibling);
    if (cell.isStopped) continue;
    yield cell;
    stack.push(cell.childList?.first);
  }
}

/** Whether some actor has queued messages or a handler that holds its mailbox. */
export function hasWork(system: ActorSystem): boolean {
  for (const cell of cellsOf(system)) if (cell.queued > 0 || cell.blocking) return true;
  return false;
}

/** One line per actor that is not idle: where it is in its life, what it holds. */
export function describeBusy(system: ActorSystem, limit = 10): string[] {
  const lines: string[] = [];
  let more = 0;
  for (const cell of cellsOf(system)) {
    const phase = cell.phase;
    if (cell.queued === 0 && !cell.blocking && (phase === 'running' || phase === 'stopped')) continue;
    if (lines.length === limit) {
      more++;
      continue;
    }
    const parts: string[] = [phase];
    if (cell.blocking) parts.push('in a handler or hook that has not settled');
    if (cell.queued > 0) parts.push(`${cell.queued} queued message${cell.queued === 1 ? '' : 's'}`);
    lines.push(`${cell.path} (${parts.join(', ')})`);
  }
  if (more > 0) lines.push(`… and ${more} more`);
  return lines;
}

/**
 * The messages in a cell's mailbox, oldest first, read without taking them: each pair is taken
 * from the front and put back at the end, so the order and every request's place are kept. For
 * traces only (it costs the mailbox's length).
 */
export function peekMailbox(cell: ActorCell): unknown[] {
  const mailbox = cell.mailbox;
  const n = mailbox.length;
  const messages: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const message = mailbox.shift();
    mailbox.push(message, mailbox.lastSecond);
    messages[i] = message;
  }
  return messages;
}
