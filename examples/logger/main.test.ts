import { main } from './main';

test('the logger example loses nothing: every line reaches the file, in each producer’s order', async () => {
  const out: string[] = [];
  const lines = await main((l) => out.push(l));
  expect(lines).toHaveLength(95);
  for (const [name, count] of [['a', 40], ['b', 30], ['c', 25]] as const) {
    const mine = lines.filter((l) => l.startsWith(`INFO ${name} `));
    expect(mine).toEqual(Array.from({ length: count }, (_, i) => `INFO ${name} ${i}`));
  }
  expect(out[0]).toMatch(/written before shutdown: (\d+)0 of 95/);
});
