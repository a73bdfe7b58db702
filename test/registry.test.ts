/** The feature registry: every feature folder listed once, owning its own config sections. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { targetSchema } from '../charts/config/target';
import { FEATURES } from '../charts/registry';
import { renderedTarget, TARGET_NAMES } from './support/render';

const CHARTS = path.resolve(__dirname, '../charts');

describe('the feature registry', () => {
  it('lists every feature folder (one with an index.ts) exactly once, by its folder name', () => {
    const folders = fs.readdirSync(CHARTS).filter((d) => fs.existsSync(path.join(CHARTS, d, 'index.ts')) && d !== 'cloud');
    expect(FEATURES.map((f) => f.id).sort()).toEqual(folders.sort());
    expect(new Set(FEATURES.map((f) => f.id)).size).toBe(FEATURES.length);
  });

  it('gives each config section one owner, and the target schema exactly the identity fields plus theirs', () => {
    const sections = FEATURES.flatMap((f) => Object.keys(f.config ?? {}));
    expect(new Set(sections).size).toBe(sections.length);
    const identity = ['name', 'cloud', 'environment', 'cluster', 'domain', 'namespace', 'owner'];
    expect(Object.keys(targetSchema.shape).sort()).toEqual([...identity, ...sections].sort());
  });

  it.each(TARGET_NAMES)('%s: renders the charts of the features in registry order, the namespace first', (name) => {
    const files = renderedTarget(name).files.map((f) => f.name).filter((n) => n.endsWith('.yaml') && !n.endsWith('kustomization.yaml'));
    expect(new Set(files).size).toBe(files.length);
    // The namespace chart's objects are cluster-scoped: it leads the platform folder.
    const platform = files.filter((f) => f.startsWith('platform/'));
    expect(platform[0]).toBe('platform/namespace.yaml');
    // verifier-rbac comes after every chart whose kinds it grants read access to.
    expect(platform[platform.length - 1]).toBe('platform/verifier-rbac.yaml');
  });
});

describe('docs/architecture.md', () => {
  it('lists every feature of the registry, in order, with its config sections and its page', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../docs/architecture.md'), 'utf8');
    const rows = text.split('\n').filter((l) => /^\| \d+ \| `/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
    expect(rows.map((r) => r[2].replace(/`/g, ''))).toEqual(FEATURES.map((f) => f.id));
    for (const [i, feature] of FEATURES.entries()) {
      expect(rows[i][3]).toBe(Object.keys(feature.config ?? {}).map((k) => `\`${k}\``).join(', ') || '–');
      expect(rows[i][5]).toContain(`(features/${feature.id}.md)`);
    }
  });
});
