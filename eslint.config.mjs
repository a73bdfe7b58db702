// Import boundaries (run by `npm test` through `npm run lint`). The neutral Kubernetes core depends on
// nothing of ours; synthesis (charts/) and the verifier (verify/) both build on it and never on each other.
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const may = (from, to) => ({ from: { element: { type: from } }, allow: { to: { element: { types: { anyOf: to } } } } });

export default [
  { ignores: ['node_modules/**', 'dist/**', 'imports/**', '.tmp/**', 'lib/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { boundaries, '@typescript-eslint': tseslint.plugin },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/include': ['**/*.ts'],
      'boundaries/elements': [
        // partialMatch false: a pattern matches the whole path of a file, not a folder above it.
        { type: 'core', pattern: 'core/**', partialMatch: false },
        { type: 'charts', pattern: 'charts/**', partialMatch: false },
        { type: 'verify', pattern: 'verify/**', partialMatch: false },
        { type: 'imports', pattern: 'imports/**', partialMatch: false },
        { type: 'overlays', pattern: 'overlays/**', partialMatch: false },
        { type: 'tools', pattern: 'scripts/**', partialMatch: false },
        { type: 'bench', pattern: 'bench/**', partialMatch: false },
        { type: 'test', pattern: 'test/**', partialMatch: false },
        { type: 'loadtests', pattern: 'loadtests/**', partialMatch: false },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        2,
        {
          default: 'disallow',
          policies: [
            may('core', ['core']),
            may('charts', ['charts', 'core', 'imports']),
            may('verify', ['verify', 'core']),
            may('overlays', ['charts']),
            may('tools', ['tools', 'charts', 'verify', 'core', 'overlays']),
            // Benchmarks drive the verifier against the tests' in-process API server.
            may('bench', ['bench', 'charts', 'verify', 'core', 'overlays', 'test']),
            may('test', ['test', 'charts', 'verify', 'core', 'imports', 'overlays', 'tools']),
            // The k6 scripts run alone in a runner pod: they import k6 and, for types only, the plan
            // they read (charts/loadtests/plan.ts); test/loadtests checks the import is type-only.
            may('loadtests', ['loadtests', 'charts']),
          ],
        },
      ],
    },
  },
];
