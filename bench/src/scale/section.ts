/** The scale section of `docs/benchmarks.md` (see marked-section.ts). */
import { markedSection } from '../marked-section';

const section = markedSection('scale', 'bench:scale', 'bench/src/scale/main.ts');
export const SECTION_BEGIN = section.begin;
export const SECTION_END = section.end;
export const sectionOf = section.of;
export const withSection = section.within;
export const writeSection = section.write;
