import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// The kit depends on no test runner: it uses neither jest's fake timers nor its globals.
// This runs a test file under node's own runner, on the built packages (`npm test` builds first).
test('the kit works under node:test', () => {
  const file = path.join(__dirname, 'fixtures', 'node-test.js');
  const out = execFileSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', timeout: 60_000 });
  expect(out).toMatch(/^# pass 2$/m);
  expect(out).toMatch(/^# fail 0$/m);
});
