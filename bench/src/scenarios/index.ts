/** Every scenario, in the order of the report. */
import { tell } from './tell';
import { tellBackpressure } from './tell-backpressure';
import { askSeq, askSeqDeadlocks } from './ask-seq';
import { askPar } from './ask-par';
import { pingPong } from './ping-pong';
import { spawn } from './spawn';
import { fanOut } from './fan-out';
import { router } from './router';
import type { Scenario } from './types';

/** Scenario 8a waits for `@troupe/supervisor` (see supervised-restart.ts, written against its API). */
const supervisedRestartPending: Scenario = {
  name: 'supervised-restart',
  what: 'restarts per second of a failing child under a one-for-one supervisor (Troupe and nact)',
  op: 'restart',
  run: {},
  pending: '@troupe/supervisor has not landed on main yet',
};

export const SCENARIOS: readonly Scenario[] = [
  tell,
  tellBackpressure,
  askSeq,
  askSeqDeadlocks,
  askPar,
  pingPong,
  spawn,
  fanOut,
  supervisedRestartPending,
  router,
];

export function scenarioNamed(name: string): Scenario {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`no scenario named ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return scenario;
}

export { LIBS, type Lib, type Scenario } from './types';
