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
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // @kubernetes/client-node is ESM-only, which Jest cannot require() on Node < 24.9. The test kit needs
    // only its model classes (import-free files), so just those are compiled to CommonJS (Jest caches it).
    '/@kubernetes/client-node/dist/gen/models/[^/]+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@kubernetes/client-node/dist/gen/models/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
