/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/bench', '<rootDir>/docs/test'],
  testMatch: ['**/test/**/*.test.ts', '**/examples/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@troupe/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^@troupe/([a-z-]+)/internal$': '<rootDir>/packages/$1/src/internal/index.ts',
  },
  testTimeout: 20000,
};
