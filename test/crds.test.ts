/** The vendored CRDs are what their provenance table says, and the repo reads no CRD from outside itself. */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { crdsDir } from './support';

const ROOT = path.resolve(__dirname, '..');
const CRDS = path.join(ROOT, 'crds');

/** Rows of crds/README.md's table: file → sha256. */
function provenance(): Map<string, { repo: string; tag: string; sha256: string }> {
  const rows = fs.readFileSync(path.join(CRDS, 'README.md'), 'utf8').split('\n').filter((l) => /^\| [\w.-]+\.yaml \|/.test(l));
  return new Map(
    rows.map((row) => {
      const [file, repo, tag, , sha] = row.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, ''));
      return [file, { repo, tag, sha256: sha }];
    }),
  );
}

describe('vendored CRDs (crds/)', () => {
  const table = provenance();
  const files = fs.readdirSync(CRDS).filter((f) => f.endsWith('.yaml')).sort();

  it('are the directory the test kit validates against', () => {
    expect(path.resolve(crdsDir())).toBe(CRDS);
  });

  it('each has a provenance row (repository, tag, checksum) and only vendored files have one', () => {
    expect([...table.keys()].sort()).toEqual(files);
    for (const [file, row] of table) {
      expect(`${file}: ${row.repo}`).toMatch(/: [\w.-]+\/[\w.-]+$/);
      expect(`${file}: ${row.tag}`).toMatch(/: v\d+\.\d+\.\d+$/);
    }
  });

  it.each(files)('%s matches its recorded sha256', (file) => {
    const sum = createHash('sha256').update(fs.readFileSync(path.join(CRDS, file))).digest('hex');
    expect(sum).toBe(table.get(file)?.sha256);
  });

  it('cdk8s.yaml imports only vendored files', () => {
    const imports: string[] = parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')).imports;
    for (const spec of imports) {
      const file = spec.split(':=')[1];
      expect(fs.existsSync(path.join(ROOT, file)) && path.dirname(file) === 'crds').toBe(true);
    }
  });

  it('no tracked file outside dist/ refers to a folder beside the repository', () => {
    const grep = spawnSync('git', ['grep', '-l', '-E', String.raw`\.\./shared\b`, '--', '.', ':!dist', ':!test/crds.test.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(grep.stdout.trim()).toBe('');
    expect(grep.status).toBe(1); // git grep: 1 = nothing found (2 would be an error)
  });
});
