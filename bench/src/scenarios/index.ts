/** Every scenario, in the order of the report. */
import { tell } from './tell';
import { tellBackpressure } from './tell-backpressure';
import { awaitTell, tellBurst } from './await-tell';
import { askSeq, askSeqAsync, askSeqAsyncDeadlocks, askSeqDeadlocks } from './ask-seq';
import { askPar } from './ask-par';
import { pingPong } from './ping-pong';
import { spawn } from './spawn';
import { fanOut } from './fan-out';
import { supervisedRestart } from './supervised-restart';
import { router } from './router';
import type { Scenario } from './types';

export const SCENARIOS: readonly Scenario[] = [
  tell,
  awaitTell,
  tellBurst,
  tellBackpressure,
  askSeq,
  askSeqDeadlocks,
  askSeqAsync,
  askSeqAsyncDeadlocks,
  askPar,
  pingPong,
  spawn,
  fanOut,
  supervisedRestart,
  router,
];

export function scenarioNamed(name: string): Scenario {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`no scenario named ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return scenario;
}

export { LIBS, type Lib, type Scenario } from './types';
