/** The remote section of `docs/benchmarks.md` (see marked-section.ts). */
import { markedSection } from '../marked-section';

export const remoteSection = markedSection('remote', 'bench:remote', 'bench/src/remote/main.ts');
export const REMOTE_BEGIN = remoteSection.begin;
export const REMOTE_END = remoteSection.end;
export const remoteSectionOf = remoteSection.of;
export const withRemoteSection = remoteSection.within;
export const writeRemoteSection = remoteSection.write;
