export { deferred, newSystem, settle, stopSystems } from '../../../test-support/system';
