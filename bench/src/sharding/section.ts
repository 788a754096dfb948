/** The sharding section of `docs/benchmarks.md` (see marked-section.ts). */
import { markedSection } from '../marked-section';

const section = markedSection('sharding', 'bench:sharding', 'bench/src/sharding/main.ts');
export const SHARDING_BEGIN = section.begin;
export const SHARDING_END = section.end;
export const shardingSectionOf = section.of;
export const withShardingSection = section.within;
export const writeShardingSection = section.write;
