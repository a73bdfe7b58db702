import * as fs from 'node:fs';
import * as path from 'node:path';
import { TARGET_NAMES, targetObjects } from '../support/render';
import { strings } from '../support/secrets';

const DIST = path.resolve(__dirname, '../../dist');
const SECRET_LOOKING = /PASSWORD|TOKEN|SECRET|KEY|CREDENTIAL/i;
const CREDENTIALS_IN_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s/@:]+:[^\s/@]+@/i;

describe('dist/ holds no Secret', () => {
  const files = fs.readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));

  test('dist/ has the synthesized targets', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)('%s has no kind: Secret and no data/stringData of one', (file) => {
    const text = fs.readFileSync(path.join(DIST, file), 'utf8');
    // A document's own kind (not an indented reference such as a Gateway's certificateRefs[].kind).
    expect(text).not.toMatch(/^kind:\s*["']?Secret["']?\s*$/m);
    expect(text).not.toMatch(/^stringData:/m);
  });
});

describe.each(TARGET_NAMES)('%s: no credential in plain text', (name) => {
  const objects = targetObjects(name);

  test('renders no Secret object, with or without data', () => {
    expect(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual([]);
  });

  test('no environment variable with a secret-looking name has a literal value', () => {
    const literal = objects.flatMap((o) =>
      strings(o)
        .filter((s) => /\.env\[\d+\]\.value$/.test(s.path))
        .map((s) => ({ ...s, name: getAt(o, s.path.replace(/\.value$/, '.name')) }))
        .filter((s) => SECRET_LOOKING.test(String(s.name)))
        .map((s) => `${o.kind}/${o.metadata.name} ${s.name}`),
    );
    expect(literal).toEqual([]);
  });

  test('no string anywhere carries credentials in a URL (scheme://user:pass@host)', () => {
    const leaks = objects.flatMap((o) => strings(o).filter((s) => CREDENTIALS_IN_URL.test(s.value)).map((s) => `${o.kind}/${o.metadata.name} ${s.path}`));
    expect(leaks).toEqual([]);
  });

  test('every secret-looking environment variable is read from a Secret key', () => {
    const envs = objects
      .filter((o) => o.kind === 'Deployment')
      .flatMap((d) => d.spec.template.spec.containers.flatMap((c: any) => c.env ?? []))
      .filter((e: any) => SECRET_LOOKING.test(e.name));
    expect(envs.length).toBeGreaterThan(0);
    for (const e of envs) expect(e).toEqual({ name: e.name, valueFrom: { secretKeyRef: expect.objectContaining({ name: expect.any(String), key: expect.any(String) }) } });
  });
});

describe('the checks catch what they look for', () => {
  test('URL credentials pattern', () => {
    expect(CREDENTIALS_IN_URL.test('postgres://api:hunter2@db:5432/moderation')).toBe(true);
    expect(CREDENTIALS_IN_URL.test('http://moderation-api.moderation.svc.cluster.local:8000')).toBe(false);
  });
  test('secret-looking names', () => {
    for (const n of ['POSTGRES_PASSWORD', 'SESSION_SECRET', 'DO_TOKEN', 'MODEL_REGISTRY_ACCESS_KEY_ID']) expect(SECRET_LOOKING.test(n)).toBe(true);
    expect(SECRET_LOOKING.test('POSTGRES_HOST')).toBe(false);
  });
});

function getAt(obj: unknown, dotted: string): unknown {
  return dotted
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .reduce<any>((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}
