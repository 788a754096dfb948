/** The remote section of `docs/benchmarks.md` (see marked-section.ts). */
import { markedSection } from '../marked-section';

const section = markedSection('remote', 'bench:remote', 'bench/src/remote/main.ts');
export const REMOTE_BEGIN = section.begin;
export const REMOTE_END = section.end;
export const remoteSectionOf = section.of;
export const withRemoteSection = section.within;
export const writeRemoteSection = section.write;
