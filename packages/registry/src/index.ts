/**
 * `@troupe/registry`: names, groups, routers, pools and services for Troupe actor systems.
 *
 * @packageDocumentation
 */
export { Registry, type WaitForOptions, type ServiceOptions, type ClusterOption } from './registry';
export { Registered, type RegisteredOptions } from './registered';
export type {
  Router,
  BroadcastRouter,
  RouterBase,
  RouterOptions,
  AnyRouterOptions,
  RoutingStrategy,
  RoundRobinOptions,
  RandomOptions,
  LeastLoadedOptions,
  ConsistentHashOptions,
  FirstReplyOptions,
  BroadcastOptions,
} from './router';
export { NameTakenError, NoRouteeError } from './errors';
export {
  Pool,
  type PoolOptions,
  type PoolSupervision,
  type PoolControl,
  type PoolRouter,
  type BroadcastPoolRouter,
} from './pool';
