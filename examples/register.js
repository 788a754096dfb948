// Lets `node -r ./examples/register.js file.ts` run the TypeScript examples and benchmarks
// directly, with decorator metadata, against the built packages (`npm run build` first).
const path = require('node:path');
require('ts-node').register({
  project: path.join(__dirname, 'tsconfig.json'),
  transpileOnly: true,
});
