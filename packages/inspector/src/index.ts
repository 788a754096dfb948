/**
 * `@troupe/inspector`: a live web page of a Troupe actor tree (no build step: static HTML, JS and
 * CSS served by the inspector), its JSON, and metrics in the Prometheus text format.
 */
export { Inspector } from './inspector';
export type { InspectorOptions } from './options';
export type { ActorView } from './internal/tree';
export type { ErrorView } from './internal/describe';
export type { TailEntry } from './internal/tail';
export type { Snapshot, Update } from './internal/stream';
