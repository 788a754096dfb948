// Runs the docs' own tests (the snippet check) from the docs workspace:
// `npm run -w docs test:snippets`. The root jest config runs the same file once `docs` is among
// its roots.
const root = require('../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: '..',
  roots: ['<rootDir>/docs/test'],
};
