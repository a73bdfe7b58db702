/**
 * docs/compliance.md holds to what it claims: every proof of the SOC 2 table links a file that exists
 * and quotes test names that occur in it, the retention table is the config's, and the residency table
 * lists every target with the regions its config puts personal data in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RETENTION_SOURCES } from '../../charts/compliance/retention';
import { dataRegions } from '../../charts/compliance/residency';
import { renderedTarget, TARGET_NAMES } from '../support/render';

const ROOT = path.resolve(__dirname, '../..');
const PAGE = path.join(ROOT, 'docs/compliance.md');
const TEXT = fs.readFileSync(PAGE, 'utf8');

/** The rows of the Markdown table under a heading, as trimmed cells, without the header and separator. */
function tableUnder(heading: string): string[][] {
  const lines = TEXT.split('\n');
  const start = lines.findIndex((l) => l.replace(/^#+\s*/, '') === heading && l.startsWith('#'));
  if (start < 0) throw new Error(`docs/compliance.md has no heading "${heading}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(line.slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows.slice(2);
}

/** A proof: a linked file, and the test names quoted after it (before the next link). */
interface Proof {
  readonly link: string;
  readonly names: readonly string[];
}

/** The proofs of a cell: ``[text](path) “name”, “name”; [text](path)``. */
function proofsOf(cell: string): Proof[] {
  const links = [...cell.matchAll(/\[[^\]]*\]\(([^)#]+)(?:#[^)]*)?\)/g)];
  return links.map((match, i) => {
    const end = i + 1 < links.length ? links[i + 1].index : cell.length;
    const tail = cell.slice(match.index + match[0].length, end);
    return { link: match[1], names: [...tail.matchAll(/“([^”]+)”/g)].map((m) => m[1]) };
  });
}

/** A test file's source with string escapes undone, so a name is found as a reader sees it. */
const sourceOf = (file: string) => fs.readFileSync(file, 'utf8').replace(/\\(['"`])/g, '$1');

describe('docs/compliance.md', () => {
  const controls = tableUnder('SOC 2 controls');

  it('maps the SOC 2 criteria the platform touches: logical access, change management, monitoring, availability, confidentiality', () => {
    const criteria = controls.map((row) => row[0].split(' ')[0]);
    for (const prefix of ['CC6.', 'CC7.', 'CC8.1', 'A1.', 'C1.']) expect({ prefix, rows: criteria.filter((c) => c.startsWith(prefix)).length > 0 }).toEqual({ prefix, rows: true });
  });

  it.each(controls.map((row) => [`${row[0]}: ${row[1]}`, row] as const))('proves %s', (_control, row) => {
    const proofs = proofsOf(row[2]);
    expect(proofs.length).toBeGreaterThan(0);
    for (const { link, names } of proofs) {
      const file = path.resolve(path.dirname(PAGE), link);
      expect({ link, exists: fs.existsSync(file) }).toEqual({ link, exists: true });
      const relative = path.relative(ROOT, file);
      if (relative.startsWith('test/')) {
        // A test file is cited with the names of the tests that prove the control.
        expect({ link, names: names.length > 0 }).toEqual({ link, names: true });
        const source = sourceOf(file);
        for (const name of names) expect({ file: relative, name, found: source.includes(name) }).toEqual({ file: relative, name, found: true });
      } else {
        expect({ link, names }).toEqual({ link, names: [] });
      }
    }
  });

  it('gives every retention with its field, bounds and defaults as the config has them', () => {
    const rows = tableUnder('Retention');
    expect(rows.map((r) => r[1].replace(/`/g, ''))).toEqual(RETENTION_SOURCES.map((s) => s.field));
    for (const [i, source] of RETENTION_SOURCES.entries()) {
      const [title, , bounds, staging, production] = rows[i];
      expect({ field: source.field, title, bounds, staging: Number(staging), production: Number(production) }).toEqual({
        field: source.field,
        title: source.title,
        bounds: `${source.bounds.min}–${source.bounds.max}`,
        staging: source.defaults.staging,
        production: source.defaults.production,
      });
    }
  });

  it('lists every target with the regions its config keeps personal data in', () => {
    const rows = tableUnder('Where personal data lives');
    expect(rows.map((r) => r[0].replace(/`/g, '')).sort()).toEqual([...TARGET_NAMES].sort());
    for (const name of TARGET_NAMES) {
      const row = rows.find((r) => r[0] === `\`${name}\``)!;
      const regions = dataRegions(renderedTarget(name).target);
      const backups = regions.backups.length > 0 ? regions.backups.join(', ') : '–';
      expect({ target: name, primary: row[2], backups: row[3] }).toEqual({ target: name, primary: regions.primary, backups });
    }
  });

  it('is linked from the documentation index and the README', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs/README.md'), 'utf8')).toContain('(compliance.md)');
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('(docs/compliance.md)');
  });
});
