/**
 * Agreement with Argo CD v3.5.1 on its own test fixtures: every object under fixtures/<group>/<Kind>/ is
 * assessed and compared with the health its `cases.yaml` records (the status always, the message where
 * the case gives one). Provenance of each folder: fixtures/README.md.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join, relative } from 'path';
import { parse } from 'yaml';
import type { KubeObject } from '../../../core/object';
import { assessHealth } from '../../../verify/health';
import type { HealthStatus } from '../../../verify/types';

const FIXTURES = join(__dirname, 'fixtures');
const CASES_FILE = 'cases.yaml';

/** The kinds whose agreement is required: the brief's list, with Argo CD's fixtures for each. */
const KIND_FOLDERS = [
  'core/Pod', 'core/Service', 'core/PersistentVolumeClaim',
  'apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet',
  'batch/Job', 'batch/CronJob',
  'autoscaling/HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget',
  'networking.k8s.io/Ingress',
  'cert-manager.io/Certificate', 'cert-manager.io/Issuer', 'cert-manager.io/ClusterIssuer',
  'external-secrets.io/ExternalSecret', 'external-secrets.io/SecretStore', 'external-secrets.io/ClusterSecretStore',
  'keda.sh/ScaledObject', 'keda.sh/ScaledJob',
  'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass', 'gateway.networking.k8s.io/HTTPRoute',
  'gateway.networking.k8s.io/GRPCRoute', 'gateway.networking.k8s.io/BackendTLSPolicy',
  'argoproj.io/Application', 'argoproj.io/Rollout', 'argoproj.io/AnalysisRun', 'argoproj.io/Experiment',
  'monitoring.coreos.com/Prometheus',
  '_.crossplane.io/_', '_.upbound.io/_',
].sort();

/** One entry of a cases.yaml, in the shape of Argo CD's health_test.yaml. */
interface Case {
  inputPath: string;
  healthStatus: { status: HealthStatus['status']; message?: string };
}

interface Fixture {
  folder: string;
  file: string;
  object: KubeObject;
  expected: Case['healthStatus'];
}

/** Folders (relative to FIXTURES) holding a cases.yaml. */
function caseFolders(dir = FIXTURES): string[] {
  const here = existsSync(join(dir, CASES_FILE)) ? [relative(FIXTURES, dir)] : [];
  const below = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => caseFolders(join(dir, e.name)));
  return [...here, ...below];
}

/** The object files of a kind folder, its subfolders included (Rollout has bluegreen/ and canary/). */
function objectFiles(folder: string, dir = ''): string[] {
  return readdirSync(join(FIXTURES, folder, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return objectFiles(folder, join(dir, e.name));
    return e.name.endsWith('.yaml') && e.name !== CASES_FILE ? [join(dir, e.name)] : [];
  });
}

/** As Go's sigs.k8s.io/yaml, which Argo CD's tests load fixtures with, a repeated key keeps its last value. */
const readYaml = (path: string): any => parse(readFileSync(path, 'utf8'), { uniqueKeys: false });

const folders = caseFolders().sort();
const fixtures: Fixture[] = folders.flatMap((folder) =>
  (readYaml(join(FIXTURES, folder, CASES_FILE)).tests as Case[]).map((c) => ({
    folder,
    file: c.inputPath,
    object: readYaml(join(FIXTURES, folder, c.inputPath)),
    expected: c.healthStatus,
  })),
);

/** What assessHealth says, reduced to what the case asserts (the message only when the case records one). */
function observed(fixture: Fixture): Case['healthStatus'] {
  const actual = assessHealth(fixture.object);
  return 'message' in fixture.expected ? { status: actual.status, message: actual.message } : { status: actual.status };
}

describe('fixtures are complete and well-formed', () => {
  test('one folder per kind of the list, each with cases', () => {
    expect(folders).toEqual(KIND_FOLDERS);
    for (const folder of folders) expect(fixtures.filter((f) => f.folder === folder).length).toBeGreaterThan(0);
  });

  test.each(folders)('%s: every object file has a case, every case a known status', (folder) => {
    const cases = fixtures.filter((f) => f.folder === folder);
    expect(cases.map((f) => f.file).sort()).toEqual(objectFiles(folder).sort());
    for (const { expected } of cases) expect(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']).toContain(expected.status);
  });

  test.each(folders.filter((f) => !f.endsWith('/_')))('%s: objects are of the folder\'s kind', (folder) => {
    const kind = folder.split('/')[1];
    for (const fixture of fixtures.filter((f) => f.folder === folder)) expect(fixture.object.kind).toBe(kind);
  });

  test('the README names the source of every folder', () => {
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    for (const folder of folders) expect(readme).toContain(`| \`${folder}\` |`);
  });
});

describe('assessHealth agrees with Argo CD v3.5.1', () => {
  test.each(fixtures.map((f) => [`${f.folder}/${f.file}`, f] as const))('%s', (_name, fixture) => {
    expect(observed(fixture)).toEqual(fixture.expected);
  });

  test('agreement summary: every fixture agrees', () => {
    const disagreements = fixtures
      .map((f) => ({ fixture: `${f.folder}/${f.file}`, expected: f.expected, actual: observed(f) }))
      .filter(({ expected, actual }) => JSON.stringify(expected) !== JSON.stringify(actual));
    const perKind = folders.map((folder) => {
      const all = fixtures.filter((f) => f.folder === folder).length;
      const failed = disagreements.filter((d) => d.fixture.startsWith(`${folder}/`)).length;
      return `${folder}: ${all - failed}/${all}`;
    });
    console.log(`health fixtures agreeing with Argo CD v3.5.1: ${fixtures.length - disagreements.length}/${fixtures.length}\n${perKind.join('\n')}`);
    expect(fixtures.length).toBeGreaterThan(0);
    expect(disagreements).toEqual([]);
  });
});
