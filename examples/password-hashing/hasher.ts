import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { Actor, Handler, Message } from '@troupe/core';

/** Hash a new password: replies with a self-describing record `scrypt$<N>$<salt>$<hash>` (base64). */
export class HashPassword extends Message<string> {
  constructor(
    readonly password: string,
    /** scrypt's cost parameter N, a power of two: the CPU (and memory) each hash takes. */
    readonly cost: number,
  ) {
    super();
  }
}

/** Check a password against a stored record: replies true when it matches. */
export class VerifyPassword extends Message<boolean> {
  constructor(
    readonly password: string,
    readonly record: string,
  ) {
    super();
  }
}

/**
 * An ordinary actor whose handlers are CPU-bound: each hash takes tens of milliseconds of one
 * core. Run on the event loop, it would stall every other actor that long per message; run with
 * `spawnThreaded`, it takes a worker thread instead.
 */
@Actor()
export class PasswordHasher {
  @Handler(HashPassword) hash(m: HashPassword): string {
    const salt = randomBytes(16);
    const hash = scryptSync(m.password, salt, 32, { N: m.cost, r: 8, p: 1 });
    return `scrypt$${m.cost}$${salt.toString('base64')}$${hash.toString('base64')}`;
  }

  @Handler(VerifyPassword) verify(m: VerifyPassword): boolean {
    const [scheme, cost, salt, hash] = m.record.split('$');
    if (scheme !== 'scrypt') return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = scryptSync(m.password, Buffer.from(salt, 'base64'), expected.length, { N: Number(cost), r: 8, p: 1 });
    return timingSafeEqual(actual, expected);
  }
}
