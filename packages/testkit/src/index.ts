export { TestKit, type TestKitOptions, type IdleOptions, type KitSpawnOptions, type LogEntry, type FailureRecord } from './test-kit';
export { TestProbe, type ProbeOptions, type ExpectOptions, type Expected } from './probe';
export { Spy, type HandledRecord, type LifecycleRecord } from './spy';
export { explore, ExploreFailure, type ExploreOptions, type ExploreReport, type Scenario } from './explore';
export { formatTrace, type TraceEntry } from './trace';
export { ExpectationError, NotIdleError } from './errors';
