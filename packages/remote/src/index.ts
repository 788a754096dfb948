/**
 * `@troupe/remote`: actors across processes and machines, over NATS. {@link Remote.start} joins an
 * actor system to a cluster; the addresses it hands out are ordinary typed `Addr`s.
 *
 * @packageDocumentation
 */
export { Remote, type RemoteWaitOptions } from './remote';
export type { RemoteOptions, CodecName } from './options';
export type { Member, DownMember, RemoteEvents, ShardMove } from './internal/node';
export { RemoteAddr, isRemote } from './remote-addr';
export { NodeDownError, RemoteError, DisconnectedError, EntityUnavailableError } from './errors';
export { Entity, type EntityOptions } from './sharding/entity';
export { Sharding, Entities, type EntityTypeOptions } from './sharding/sharding';
export { EntityAddr } from './sharding/entity-addr';
