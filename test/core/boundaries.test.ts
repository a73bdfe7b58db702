/**
 * The import rule of docs/architecture.md, enforced by ESLint (eslint.config.mjs, run by `npm test`):
 * core/ imports nothing of ours, charts/ and verify/ import core/ and never each other.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Lints sources as if they were the given files, with the project's own ESLint config, in a child
 * process (ESLint loads its flat config with a dynamic import, which Jest's module sandbox refuses).
 */
function lint(cases: readonly (readonly [file: string, source: string])[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    const eslint = new ESLint({ cwd: process.cwd() });
    Promise.all(cases.map(([file, source]) => eslint.lintText(source, { filePath: require('path').resolve(file) })))
      .then((results) => process.stdout.write(JSON.stringify(results.map(([r]) => r.messages.map((m) => m.ruleId + ': ' + m.message)))));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8' }));
}

const FORBIDDEN = [
  ['charts/x.ts', "import { verify } from '../verify/verify';\nexport const v = verify;\n", 'charts', 'verify'],
  ['verify/x.ts', "import { renderTarget } from '../charts/synthesize';\nexport const r = renderTarget;\n", 'verify', 'charts'],
  ['core/x.ts', "import { assessHealth } from '../verify/health';\nexport const a = assessHealth;\n", 'core', 'verify'],
  ['core/y.ts', "import { PlatformChart } from '../charts/platform/platform-chart';\nexport const p = PlatformChart;\n", 'core', 'charts'],
] as const;
const ALLOWED = [
  ['charts/x.ts', "import { parseQuantity } from './quantity';\nexport const q = parseQuantity;\n"],
  ['verify/x.ts', "import { parseDuration } from './duration';\nexport const d = parseDuration;\n"],
] as const;

describe('import boundaries', () => {
  const [forbidden, allowed] = [FORBIDDEN, ALLOWED].map((cases) => lint(cases.map(([file, source]) => [file, source] as const)));

  it.each(FORBIDDEN.map(([file, , from, to], i) => [file, to, from, i] as const))('%s may not import from %s', (_file, to, from, i) => {
    expect(forbidden[i]).toEqual([expect.stringContaining(`from elements of type "${from}" to elements of type "${to}"`)]);
  });

  it.each(ALLOWED.map((c, i) => [c[0], i] as const))('%s may import from core', (_file, i) => {
    expect(allowed[i]).toEqual([]);
  });
});
