/**
 * The surface for sibling `@troupe/*` packages: how a cluster package plugs into a system's
 * registry. Not for applications; it may change in any release.
 */
export { installCluster, clusterOf, setClusterName, setClusterMember, type ClusterBackend } from './cluster';
export { FNV_OFFSET, avalanche, fnvStep } from './routing/hash';
