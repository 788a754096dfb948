/**
 * `@troupe/supervisor`: Erlang/OTP supervision trees for Troupe actors, with decorators
 * (`@Supervise`, `@Child`) or without (`Supervisor.start`).
 */
import './events';

export { Supervise } from './decorators/supervise';
export { Child } from './decorators/child';
export { Supervisor } from './supervisor';
export { RestartIntensityError } from './errors';
export type { SupervisorGaveUpEvent } from './events';
export type {
  BackoffOptions,
  ChildArgsFunction,
  ChildInfo,
  ChildOptions,
  ChildSpec,
  Decider,
  RestartStrategy,
  RestartType,
  SupervisorOptions,
  SupervisorSpec,
} from './options';
