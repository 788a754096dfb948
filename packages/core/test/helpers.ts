export { deferred, newSystem, settle, stopSystems, until } from '../../../test-support/system';
