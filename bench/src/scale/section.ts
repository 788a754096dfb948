/** The scale section of `docs/benchmarks.md` (see marked-section.ts). */
import { markedSection } from '../marked-section';

export const scaleSection = markedSection('scale', 'bench:scale', 'bench/src/scale/main.ts');
export const SECTION_BEGIN = scaleSection.begin;
export const SECTION_END = scaleSection.end;
export const sectionOf = scaleSection.of;
export const withSection = scaleSection.within;
export const writeSection = scaleSection.write;
