import 'reflect-metadata';
import { ActorConfigError, type ActorClass } from '@troupe/core';
import {
  DEFAULTS,
  type ChildOptions,
  type Decider,
  type RestartStrategy,
  type RestartType,
  type SupervisorOptions,
  type SupervisorSpec,
} from '../options';
import { CHILDREN, SUPERVISE } from './metadata-keys';

/** Backoff with every field filled in. */
export interface Backoff {
  readonly minMs: number;
  readonly maxMs: number;
  readonly factor: number;
  readonly jitter: number;
  readonly resetAfterMs: number;
}

/** A child as the strategy starts it: every option checked, defaults applied where they are ours. */
export interface ResolvedChild {
  readonly actor: ActorClass;
  readonly name: string | undefined;
  readonly restart: RestartType;
  /** Undefined: core's default (5000 ms), or Infinity for a child that is a supervisor. */
  readonly shutdownMs: number | undefined;
  /** The arguments, or a function of the supervisor's instance that returns them (`@Child`). */
  readonly args: readonly unknown[] | ((supervisor: object) => unknown);
  readonly mailbox: number | undefined;
  /** The `@Child` property that receives the child's address. */
  readonly property: string | symbol | undefined;
}

/** Everything a supervisor needs, checked once. */
export interface SupervisorConfig {
  readonly strategy: RestartStrategy;
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly backoff: Backoff | undefined;
  readonly decide: Decider | undefined;
  readonly children: readonly ResolvedChild[];
}

/** What `@Child` records: the class, the property and the options as written. */
export interface ChildDeclaration {
  readonly actor: ActorClass;
  readonly property: string | symbol;
  readonly options: ChildOptions | undefined;
}

const STRATEGIES: readonly RestartStrategy[] = ['one-for-one', 'one-for-all', 'rest-for-one'];
const RESTART_TYPES: readonly RestartType[] = ['permanent', 'transient', 'temporary'];

/** Checks supervisor options, throwing `ActorConfigError` that says where and what; returns them resolved. */
export function checkOptions(options: SupervisorOptions | undefined, where: string): Omit<SupervisorConfig, 'children'> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new ActorConfigError(`${where}: options must be an object, got ${String(options)}`);
  }
  const o = options ?? {};
  const strategy = o.strategy ?? DEFAULTS.strategy;
  if (!STRATEGIES.includes(strategy)) {
    throw new ActorConfigError(`${where}: strategy must be one of ${STRATEGIES.join(', ')}; got ${JSON.stringify(strategy)}`);
  }
  const maxRestarts = o.maxRestarts ?? DEFAULTS.maxRestarts;
  if (!(maxRestarts === Infinity || (Number.isInteger(maxRestarts) && maxRestarts >= 0))) {
    throw new ActorConfigError(`${where}: maxRestarts must be an integer >= 0 or Infinity, got ${String(maxRestarts)}`);
  }
  const withinMs = o.withinMs ?? DEFAULTS.withinMs;
  if (typeof withinMs !== 'number' || !(withinMs > 0)) {
    throw new ActorConfigError(`${where}: withinMs must be a number of ms above 0 (or Infinity), got ${String(withinMs)}`);
  }
  if (o.decide !== undefined && typeof o.decide !== 'function') {
    throw new ActorConfigError(`${where}: decide must be a function (error, child) => directive`);
  }
  return { strategy, maxRestarts, withinMs, backoff: checkBackoff(o.backoff, where), decide: o.decide };
}

function checkBackoff(backoff: SupervisorOptions['backoff'], where: string): Backoff | undefined {
  if (backoff === undefined) return undefined;
  if (typeof backoff !== 'object' || backoff === null) {
    throw new ActorConfigError(`${where}: backoff must be an object { minMs, maxMs, factor, jitter, resetAfterMs }`);
  }
  const d = DEFAULTS.backoff;
  const minMs = backoff.minMs ?? d.minMs;
  const maxMs = backoff.maxMs ?? Math.max(d.maxMs, minMs);
  const factor = backoff.factor ?? d.factor;
  const jitter = backoff.jitter ?? d.jitter;
  const resetAfterMs = backoff.resetAfterMs ?? maxMs;
  const bad = (what: string, value: unknown): never => {
    throw new ActorConfigError(`${where}: backoff.${what}, got ${String(value)}`);
  };
  if (!isDelay(minMs)) bad('minMs must be a finite number of ms >= 0', minMs);
  if (!isDelay(maxMs) || maxMs < minMs) bad('maxMs must be a finite number of ms >= minMs', maxMs);
  if (typeof factor !== 'number' || !(factor >= 1) || factor === Infinity) bad('factor must be a finite number >= 1', factor);
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) bad('jitter must be a fraction between 0 and 1', jitter);
  if (typeof resetAfterMs !== 'number' || !(resetAfterMs >= 0)) bad('resetAfterMs must be a number of ms >= 0', resetAfterMs);
  return { minMs, maxMs, factor, jitter, resetAfterMs };
}

function isDelay(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value);
}

/** Checks one child's class and options; `property` is set for `@Child`. */
export function checkChild(
  actor: unknown,
  options: { restart?: unknown; shutdownMs?: unknown; args?: unknown; name?: unknown; mailbox?: unknown } | undefined,
  property: string | symbol | undefined,
  where: string,
): ResolvedChild {
  if (typeof actor !== 'function') {
    throw new ActorConfigError(`${where}: a child needs an @Actor class, got ${String(actor)}`);
  }
  const o = options ?? {};
  const label = `${where}, child ${String(o.name ?? property ?? actor.name)}`;
  const restart = (o.restart ?? DEFAULTS.restart) as RestartType;
  if (!RESTART_TYPES.includes(restart)) {
    throw new ActorConfigError(`${label}: restart must be one of ${RESTART_TYPES.join(', ')}; got ${JSON.stringify(o.restart)}`);
  }
  if (o.shutdownMs !== undefined && (typeof o.shutdownMs !== 'number' || !(o.shutdownMs >= 0))) {
    throw new ActorConfigError(`${label}: shutdownMs must be a number of ms >= 0 (or Infinity), got ${String(o.shutdownMs)}`);
  }
  if (o.args !== undefined && !Array.isArray(o.args) && !(property !== undefined && typeof o.args === 'function')) {
    throw new ActorConfigError(
      `${label}: args must be an array of constructor arguments${property !== undefined ? ', or a function of the supervisor returning one' : ''}`,
    );
  }
  const name = o.name ?? (typeof property === 'symbol' ? property.description : property);
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.includes('/'))) {
    throw new ActorConfigError(`${label}: a name must be a non-empty string without "/", got ${JSON.stringify(name)}`);
  }
  return {
    actor: actor as ActorClass,
    name,
    restart,
    shutdownMs: o.shutdownMs as number | undefined,
    args: (o.args as ResolvedChild['args'] | undefined) ?? [],
    mailbox: o.mailbox as number | undefined,
    property,
  };
}

/** Checks a functional supervisor's spec (from `Supervisor.start` or `spawn(Supervisor, { args: [spec] })`). */
export function checkSpec(spec: SupervisorSpec | undefined, where: string): SupervisorConfig {
  if (spec === null || typeof spec !== 'object') {
    throw new ActorConfigError(`${where}: expected a spec { strategy, children: [...] }, got ${String(spec)}`);
  }
  const children = spec.children ?? [];
  if (!Array.isArray(children)) throw new ActorConfigError(`${where}: children must be an array of { actor, ... }`);
  const resolved = children.map((c: ChildOptions & { actor?: unknown }, i: number) => {
    if (c === null || typeof c !== 'object') throw new ActorConfigError(`${where}: children[${i}] must be { actor, ... }`);
    return checkChild(c.actor, c, undefined, where);
  });
  checkUniqueNames(resolved, where);
  return { ...checkOptions(spec, where), children: resolved };
}

function checkUniqueNames(children: readonly ResolvedChild[], where: string): void {
  const seen = new Set<string>();
  for (const c of children) {
    if (c.name === undefined) continue;
    if (seen.has(c.name)) throw new ActorConfigError(`${where}: two children are named "${c.name}"; names are unique among siblings`);
    seen.add(c.name);
  }
}

const configs = new WeakMap<ActorClass, SupervisorConfig>();

/** The configuration recorded by `@Supervise` and `@Child` on a class (and its base classes). */
export function configOf(actorClass: ActorClass): SupervisorConfig {
  const cached = configs.get(actorClass);
  if (cached !== undefined) return cached;
  const where = `@Supervise on ${actorClass.name}`;
  const options = Reflect.getMetadata(SUPERVISE, actorClass) as ReturnType<typeof checkOptions> | undefined;
  const children: ResolvedChild[] = [];
  const chain: object[] = [];
  for (let c: object | null = actorClass; typeof c === 'function'; c = Object.getPrototypeOf(c) as object | null) chain.unshift(c);
  for (const c of chain) {
    const own = (Reflect.getOwnMetadata(CHILDREN, c) as ChildDeclaration[] | undefined) ?? [];
    for (const d of own) children.push(checkChild(d.actor, d.options, d.property, where));
  }
  checkUniqueNames(children, where);
  const config: SupervisorConfig = { ...(options ?? checkOptions(undefined, where)), children };
  configs.set(actorClass, config);
  return config;
}

