/**
 * Jest runs the TypeScript sources through ts-jest in transpile-only mode (tsconfig `isolatedModules`):
 * the generated CRD bindings in imports/ are megabytes of types, and `npm run typecheck` (tsc) already
 * checks them once per test run.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
};
