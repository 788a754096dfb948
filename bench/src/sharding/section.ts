/** The sharding section of `docs/benchmarks.md` (see marked-section.ts). */
import { markedSection } from '../marked-section';

export const shardingSection = markedSection('sharding', 'bench:sharding', 'bench/src/sharding/main.ts');
export const SHARDING_BEGIN = shardingSection.begin;
export const SHARDING_END = shardingSection.end;
export const shardingSectionOf = shardingSection.of;
export const withShardingSection = shardingSection.within;
export const writeShardingSection = shardingSection.write;
