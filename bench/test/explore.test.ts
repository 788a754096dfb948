/**
 * The explore benchmark at a tiny size, in process: every row runs (each verifies the scenario's
 * result), the section renders between its markers, and the main report and the scale benchmark
 * keep it when they rewrite the file. Timings are never asserted.
 */
import { machine } from '../src/machine';
import { measureExplore } from '../src/explore/measure';
import { exploreSectionOf, renderExploreSection, withExploreSection } from '../src/explore/section';
import { sectionOf, withSection } from '../src/scale/section';

describe('explore benchmark at a tiny size', () => {
  it('measures every row and renders a section that the other reports keep', async () => {
    const result = await measureExplore(20, 1);
    expect(result.rows.map((r) => r.label)).toHaveLength(5);
    for (const row of result.rows) expect(row.perSecond.median).toBeGreaterThan(0);
    expect(result.steps).toBeGreaterThan(5);

    const section = renderExploreSection(result, machine(), '2026-01-01', 'built from commit test');
    expect(exploreSectionOf(section)).toBe(section);
    expect(section).toContain('| `explore`, random strategy (the default) | **');

    const scale = '<!-- scale:begin (x) -->\nscale figures\n<!-- scale:end -->';
    const before = withExploreSection(`# Benchmarks\n\nold figures\n\n${scale}\n`, section);
    // `npm run bench` rewrites the report and keeps both sections (run.ts)
    const rewritten = withExploreSection(withSection('# Benchmarks\n\nnew figures\n', sectionOf(before)), exploreSectionOf(before));
    expect(rewritten).toContain('new figures');
    expect(rewritten).not.toContain('old figures');
    expect(sectionOf(rewritten)).toBe(scale);
    expect(exploreSectionOf(rewritten)).toBe(section);
    // `bench:scale` replaces its own section only
    expect(exploreSectionOf(withSection(rewritten, '<!-- scale:begin (y) -->\nnew scale\n<!-- scale:end -->'))).toBe(section);
    // and `bench:explore` its own
    expect(sectionOf(withExploreSection(rewritten, section.replace('3 actors', 'three actors')))).toBe(scale);
  });
});
