import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests, validateManifestDir, validateObject } from '../support/validate-all';

describe('validateObject', () => {
  it('dispatches built-in kinds to the Kubernetes schemas', () => {
    expect(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, dta: {} })).toEqual([
      'ConfigMap c: dta: unknown field',
    ]);
  });

  it('dispatches CRD groups, including *.k8s.io ones, to the CRD schemas', () => {
    expect(
      validateObject({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { hostname: [] } }),
    ).toEqual(['HTTPRoute r: spec.hostname: unknown field']);
  });

  it('reports kinds nobody knows', () => {
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'Widget w: no CRD defines kind Widget in group "example.com"',
    ]);
    expect(validateObject({ apiVersion: 'foo.k8s.io/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'Widget w: foo.k8s.io/v1 Widget is not a known built-in kind (no schema)',
    ]);
    expect(validateObject('nope')).toHaveLength(1);
  });
});

describe('loadManifests', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testkit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every document of every yaml file, skipping kustomization.yaml and empty documents', () => {
    fs.writeFileSync(
      path.join(dir, 'b.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n  namespace: a\n',
    );
    fs.writeFileSync(path.join(dir, 'a.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [b.yaml]\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    const loaded = loadManifests(dir);
    expect(loaded.map((m) => [path.basename(m.file), m.index, m.object.kind])).toEqual([
      ['a.yml', 0, 'ConfigMap'],
      ['b.yaml', 0, 'Namespace'],
      ['b.yaml', 2, 'ServiceAccount'],
    ]);
    expect(validateManifestDir(dir)).toEqual([]);
  });

  it('fails loudly on invalid YAML', () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'kind: [unclosed\n');
    expect(() => loadManifests(dir)).toThrow(/bad\.yaml/);
  });

  it('prefixes validation problems with the file name', () => {
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\nspce: {}\n');
    expect(validateManifestDir(dir)).toEqual(['x.yaml: Namespace a: spce: unknown field']);
  });
});
