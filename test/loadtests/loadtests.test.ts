/** The k6 load tests: TestRuns a person applies, held to the SLO table's objectives, reaching only the edge. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveSlos } from '../../charts/alerting/sli';
import { TargetConfigError } from '../../charts/config/problems';
import { validateTarget } from '../../charts/config/validate';
import { FOLDERS } from '../../charts/gitops/folders';
import { loadtestPlan, loadtestScript, PLAN_FILE, SCRIPT_FILE, testRunName } from '../../charts/loadtests/chart';
import { durationMinutes, plannedIterations } from '../../charts/loadtests/scenarios';
import { loadtestsEnabled, SCENARIO_NAMES } from '../../charts/loadtests/schema';
import { K6_API_PORT, K6_IMAGE, STARTER_IMAGE } from '../../charts/loadtests/test-run';
import { MAX_RATE_LIMITED, sloThresholds } from '../../charts/loadtests/thresholds';
import { checkConnectivity, validateObject, worldOf, type External, type Pod } from '../support';
import { overlayInput } from '../support/overlay';
import { allObjectsOf, getObject, objectsOf, parseObjects, renderedTarget, renderVariant, TARGET_NAMES, type KubeObject } from '../support/render';

const ROOT = path.resolve(__dirname, '../..');
type Rendered = ReturnType<typeof renderedTarget>;

/** The objects of a target's load test folders, by scenario. */
function loadtestObjects(rendered: Rendered): Record<string, KubeObject[]> {
  const byScenario: Record<string, KubeObject[]> = {};
  for (const file of rendered.files.filter((f) => f.name.startsWith(`${FOLDERS.loadtests}/`) && !f.name.endsWith('kustomization.yaml'))) {
    const scenario = file.name.split('/')[1];
    (byScenario[scenario] ??= []).push(...parseObjects(file.content));
  }
  return byScenario;
}
const plan = (objects: readonly KubeObject[]) => JSON.parse(objects.find((o) => o.kind === 'ConfigMap')!.data[PLAN_FILE]);
const testRunOf = (objects: readonly KubeObject[]) => objects.find((o) => o.kind === 'TestRun')!;

/** Renders a variant of a target, or the problems its config has. */
function problemsOf(name: string, change: (input: ReturnType<typeof overlayInput>) => void): string[] {
  const input = overlayInput(name);
  change(input);
  try {
    validateTarget(name, input);
    return [];
  } catch (error) {
    if (!(error instanceof TargetConfigError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe.each(TARGET_NAMES)('the load tests of %s', (targetName) => {
  const rendered = renderedTarget(targetName);
  const { target } = rendered;
  const byScenario = loadtestObjects(rendered);

  if (!loadtestsEnabled(target)) {
    it('are not rendered (production, unless loadtests.enabled)', () => {
      expect(target.environment).toBe('production');
      expect(byScenario).toEqual({});
      expect(allObjectsOf(rendered).filter((o) => o.kind === 'TestRun')).toEqual([]);
    });
    return;
  }

  it('render one folder per scenario, each a TestRun with its ConfigMap, ServiceAccount and NetworkPolicies, valid against their schemas', () => {
    expect(Object.keys(byScenario)).toEqual([...SCENARIO_NAMES]);
    for (const scenario of SCENARIO_NAMES) {
      const name = testRunName(scenario);
      const objects = byScenario[scenario];
      expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
        [`ConfigMap/${name}`, `NetworkPolicy/${name}-initializer`, `NetworkPolicy/${name}-runner`, `NetworkPolicy/${name}-starter`, `ServiceAccount/${name}`, `TestRun/${name}`].sort(),
      );
      expect(objects.every((o) => o.metadata.namespace === target.namespace)).toBe(true);
      expect(objects.flatMap((o) => validateObject(o))).toEqual([]);
      const run = testRunOf(objects);
      expect(run.apiVersion).toBe('k6.io/v1alpha1');
      expect(run.spec.script).toEqual({ configMap: { name, file: SCRIPT_FILE } });
      expect(run.spec.parallelism).toBe(target.loadtests.parallelism);
      expect(run.spec.args).toContain('--no-usage-report');
      // No cleanup: the runners' logs (the k6 summary) stay until the run is deleted.
      expect(run.spec.cleanup).toBeUndefined();
    }
  });

  it('are delivered by no Argo CD Application and verified by nothing: a person applies one and deletes it', () => {
    const applications = allObjectsOf(rendered).filter((o) => o.kind === 'Application');
    expect(applications.filter((a) => JSON.stringify(a.spec.source ?? a.spec.sources).includes(`/${FOLDERS.loadtests}`))).toEqual([]);
    const project = getObject(allObjectsOf(rendered), 'AppProject', `moderation-${targetName}`);
    expect(project.spec.namespaceResourceWhitelist).not.toContainEqual(expect.objectContaining({ group: 'k6.io' }));
    expect(objectsOf(rendered).filter((o) => o.apiVersion.startsWith('k6.io/'))).toEqual([]);
    const role = getObject(objectsOf(rendered), 'ClusterRole', 'moderation-verifier');
    expect(role.rules.flatMap((r: { apiGroups: string[] }) => r.apiGroups)).not.toContain('k6.io');
  });

  it('carry the same script for every scenario, and a plan of where to send what, how fast', () => {
    for (const scenario of SCENARIO_NAMES) {
      const objects = byScenario[scenario];
      expect(objects.find((o) => o.kind === 'ConfigMap')!.data[SCRIPT_FILE]).toBe(loadtestScript());
      const p = plan(objects);
      expect(p).toEqual(JSON.parse(JSON.stringify(loadtestPlan(target, scenario))));
      expect(p.web.baseUrl).toBe(`https://${target.edge.hosts.app ?? target.domain}`);
      expect(p.api.baseUrl).toBe(`https://${target.edge.hosts.api ?? `api.${target.domain}`}`);
      expect([p.web.service, p.api.service]).toEqual(['web', 'moderation-api']);
    }
  });

  it('hold each test to the SLO table: the availability budget and the latency percentile, per service', () => {
    const p = plan(byScenario.steady);
    const slo = (id: string) => resolveSlos(target).find((s) => s.id === id)!;
    expect(p.thresholds).toEqual({
      'http_req_failed{service:web}': [`rate<${slo('web-availability').budget}`],
      'http_req_duration{service:web}': [`p(${slo('web-latency').objective})<1000`],
      'http_req_failed{service:moderation-api}': [`rate<${slo('moderation-api-availability').budget}`],
      'http_req_duration{service:moderation-api}': [`p(${slo('moderation-api-latency').objective})<500`],
      'rate_limited': [`rate<${MAX_RATE_LIMITED}`],
      'dropped_iterations': [`count<=${Math.floor((plannedIterations(p.web.arrivals) + plannedIterations(p.api.arrivals)) / 100)}`],
    });
    expect(p.thresholds['http_req_failed{service:web}']).toEqual(['rate<0.001']);
    // What k6 cannot see from the edge is listed to watch, not silently dropped.
    expect(p.unmeasured.map((u: { id: string }) => u.id).sort()).toEqual(['ml-inference-latency', 'moderation-worker-freshness']);
    for (const scenario of SCENARIO_NAMES) expect(Object.keys(plan(byScenario[scenario]).thresholds)).toEqual(Object.keys(p.thresholds));
  });

  it('shape the load from config: the peak held, a spike to a multiple of it, a soak at a fraction for hours', () => {
    const { peak, steady, spike, soak } = target.loadtests;
    const steadyPlan = plan(byScenario.steady);
    expect(steadyPlan.web.arrivals).toMatchObject({ executor: 'constant-arrival-rate', rate: peak.web * 60, timeUnit: '1m', duration: `${steady.minutes}m` });
    expect(steadyPlan.api.arrivals).toMatchObject({ executor: 'constant-arrival-rate', rate: peak.api * 60, duration: `${steady.minutes}m` });
    const spikePlan = plan(byScenario.spike);
    expect(spikePlan.api.arrivals.startRate).toBe(peak.api * 60);
    expect(Math.max(...spikePlan.api.arrivals.stages.map((s: { target: number }) => s.target))).toBe(Math.round(peak.api * spike.multiple * 60));
    expect(durationMinutes(spikePlan.api.arrivals)).toBe(5 + 1 + spike.holdMinutes + 1 + 5);
    const soakPlan = plan(byScenario.soak);
    expect(soakPlan.web.arrivals).toMatchObject({ rate: Math.round(peak.web * soak.fraction * 60), duration: `${soak.hours}h` });
    expect(durationMinutes(soakPlan.web.arrivals)).toBe(soak.hours * 60);
  });

  describe('pods', () => {
    const run = testRunOf(byScenario.steady);

    it('run restricted: non-root, no capability, read-only root with /tmp an emptyDir, RuntimeDefault seccomp, no API token, resources set', () => {
      for (const role of ['runner', 'initializer', 'starter'] as const) {
        const pod = run.spec[role];
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
        expect(pod.containerSecurityContext).toEqual({
          runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(pod.automountServiceAccountToken).toBe('false');
        expect(pod.serviceAccountName).toBe(run.metadata.name);
        expect(Object.keys(pod.resources.requests)).toEqual(expect.arrayContaining(['cpu', 'memory']));
        expect(Object.keys(pod.resources.limits)).toEqual(expect.arrayContaining(['cpu', 'memory']));
        expect(pod.priorityClassName).toBe('moderation-batch');
        expect(pod.metadata.labels['app.kubernetes.io/component']).toBe(`loadtest-${role}`);
      }
      for (const role of ['runner', 'initializer'] as const) {
        expect(run.spec[role].volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
        expect(run.spec[role].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      }
      expect(getObject(byScenario.steady, 'ServiceAccount', run.metadata.name).automountServiceAccountToken).toBe(false);
    });

    it('use pinned images: k6 v1 and the operator release\'s starter', () => {
      expect(run.spec.runner.image).toBe(K6_IMAGE);
      expect(run.spec.initializer.image).toBe(K6_IMAGE);
      expect(K6_IMAGE).toMatch(/^grafana\/k6:1\.\d+\.\d+$/);
      expect(run.spec.starter.image).toBe(STARTER_IMAGE);
      expect(STARTER_IMAGE).toMatch(/:starter-v1\.6\.\d+$/);
      // The scripts' types are k6's of the same minor.
      const typesVersion = require('../../package.json').devDependencies['@types/k6'];
      expect(K6_IMAGE.split(':')[1].split('.').slice(0, 2).join('.')).toBe(typesVersion.replace(/^[~^]/, '').split('.').slice(0, 2).join('.'));
    });
  });

  describe('network', () => {
    // The namespace's default deny and DNS policies, and the run's own.
    const policies = [...objectsOf(rendered), ...byScenario.steady].filter((o) => o.kind === 'NetworkPolicy');
    const operatorNamespace = target.loadtests.operatorNamespace;
    const world = worldOf(objectsOf(rendered), [{ name: 'kube-system' }, { name: operatorNamespace }, { name: target.network.edgeNamespace }, { name: target.network.monitoringNamespace }]);
    const run = testRunOf(byScenario.steady);
    const k6 = { app: 'k6', k6_cr: run.metadata.name };
    const runner: Pod = { name: 'runner', namespace: target.namespace, labels: { ...run.spec.runner.metadata.labels, ...k6, runner: 'true' } };
    const starter: Pod = { name: 'starter', namespace: target.namespace, labels: { ...run.spec.starter.metadata.labels, ...k6 } };
    const initializer: Pod = { name: 'initializer', namespace: target.namespace, labels: { ...run.spec.initializer.metadata.labels, ...k6 } };
    const operator: Pod = { name: 'k6-operator', namespace: operatorNamespace, labels: { 'app.kubernetes.io/name': 'k6-operator' } };
    const kubeDns: Pod = { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const edge: External = { ip: target.loadtests.edgeAddresses![0].replace(/\/32$/, '') };
    const elsewhere: External[] = [{ ip: '93.184.216.34' }, { ip: '169.254.169.254' }, { ip: '10.30.96.10' }];
    const api: Pod = { name: 'moderation-api', namespace: target.namespace, labels: { 'app.kubernetes.io/name': 'moderation-api', 'app.kubernetes.io/instance': `moderation-api-${target.environment}` } };
    const envoy: Pod = { name: 'envoy', namespace: target.network.edgeNamespace, labels: { 'app.kubernetes.io/name': 'envoy' } };
    const debug: Pod = { name: 'debug', namespace: target.namespace, labels: { run: 'debug' } };

    it('lets runners reach the edge\'s public addresses on 443 and DNS, nothing else', () => {
      expect(
        checkConnectivity(policies, world, [
          { from: runner, to: edge, port: 443, allowed: true },
          { from: runner, to: edge, port: 80, allowed: false },
          { from: runner, to: kubeDns, port: 53, protocol: 'UDP', allowed: true },
          ...elsewhere.map((to) => ({ from: runner, to, port: 443, allowed: false })),
          { from: runner, to: api, port: 8000, allowed: false },
          { from: runner, to: envoy, port: 10443, allowed: false },
        ]),
      ).toEqual([]);
    });

    it('lets only the operator and the run\'s starter call the runners\' k6 API; the starter reaches only them; the initializer nothing', () => {
      expect(
        checkConnectivity(policies, world, [
          { from: operator, to: runner, port: K6_API_PORT, allowed: true },
          { from: starter, to: runner, port: K6_API_PORT, allowed: true },
          { from: debug, to: runner, port: K6_API_PORT, allowed: false },
          { from: api, to: runner, port: K6_API_PORT, allowed: false },
          { from: operator, to: runner, port: 22, allowed: false },
          { from: starter, to: edge, port: 443, allowed: false },
          { from: starter, to: api, port: 8000, allowed: false },
          { from: initializer, to: edge, port: 443, allowed: false },
          { from: initializer, to: runner, port: K6_API_PORT, allowed: false },
          { from: initializer, to: kubeDns, port: 53, protocol: 'UDP', allowed: true },
          { from: operator, to: initializer, port: K6_API_PORT, allowed: false },
          { from: debug, to: starter, port: 8080, allowed: false },
        ]),
      ).toEqual([]);
    });
  });
});

describe('load test config', () => {
  it('follows a changed objective into the thresholds: one source of truth', () => {
    const { rendered } = renderVariant('eks-staging', (input) => {
      input.alerting = { ...input.alerting, objectives: { 'moderation-api-availability': 99.5, 'web-latency': 99.5 } };
    });
    const p = plan(loadtestObjects(rendered).steady);
    expect(p.thresholds['http_req_failed{service:moderation-api}']).toEqual(['rate<0.005']);
    expect(p.thresholds['http_req_duration{service:web}']).toEqual(['p(99.5)<1000']);
    expect(sloThresholds(rendered.target).measured.find((t) => t.slo === 'moderation-api-availability')!.expression).toBe('rate<0.005');
  });

  it('drops the API traffic and thresholds where the API is not public', () => {
    const { rendered } = renderVariant('eks-staging', (input) => {
      input.edge = { ...input.edge, publicApi: false };
    });
    const p = plan(loadtestObjects(rendered).steady);
    expect(p.api).toBeUndefined();
    expect(Object.keys(p.thresholds).filter((k) => k.includes('moderation-api'))).toEqual([]);
  });

  it('sends the API token from the named Secret, to the runners only', () => {
    const { rendered } = renderVariant('eks-staging', (input) => {
      input.loadtests = { ...input.loadtests, apiTokenSecret: 'loadtest-api-token' };
    });
    const objects = loadtestObjects(rendered).steady;
    const run = testRunOf(objects);
    expect(run.spec.runner.env).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'loadtest-api-token', key: 'token', optional: false } } }]);
    expect(run.spec.initializer.env).toBeUndefined();
    expect(plan(objects).api.tokenEnv).toBe('API_TOKEN');
  });

  it('renders production\'s only when enabled, and needs the edge addresses wherever enabled', () => {
    const production = TARGET_NAMES.find((n) => renderedTarget(n).target.environment === 'production')!;
    const staging = TARGET_NAMES.find((n) => renderedTarget(n).target.environment === 'staging')!;
    const enabled = renderVariant(production, (input) => {
      input.loadtests = { enabled: true, edgeAddresses: ['198.51.100.30/32'] };
    });
    expect(Object.keys(loadtestObjects(enabled.rendered))).toEqual([...SCENARIO_NAMES]);
    expect(problemsOf(production, (input) => (input.loadtests = { enabled: true }))).toEqual([expect.stringMatching(/^loadtests\.edgeAddresses: required where load tests are enabled/)]);
    expect(problemsOf(staging, (input) => (input.loadtests = {}))).toEqual([expect.stringMatching(/^loadtests\.edgeAddresses: required/)]);
    expect(problemsOf(staging, (input) => (input.loadtests = { enabled: false }))).toEqual([]);
  });

  it('explains that production settings without enabled: true do nothing', () => {
    const production = TARGET_NAMES.find((n) => renderedTarget(n).target.environment === 'production')!;
    expect(problemsOf(production, (input) => (input.loadtests = { peak: { api: 200 } }))).toEqual([
      'loadtests: production renders no load tests unless loadtests.enabled is true (a test loads the platform its users are on), so peak would do nothing: set enabled: true to render them, or remove it',
    ]);
  });
});

describe('the k6 scripts (loadtests/)', () => {
  const scripts = fs.readdirSync(path.join(ROOT, 'loadtests')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));

  it('import only k6 modules, and the plan\'s type: the ConfigMap holds the script alone', () => {
    for (const file of scripts) {
      const source = fs.readFileSync(path.join(ROOT, 'loadtests', file), 'utf8');
      const imports = [...source.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)';$/gm)].map((m) => ({ type: Boolean(m[1]), from: m[2] }));
      expect(imports.filter((i) => !i.from.startsWith('k6') && !(i.type && i.from === '../charts/loadtests/plan'))).toEqual([]);
    }
  });

  it('type-check against k6\'s types (tsc -p loadtests, as npm run typecheck does)', () => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'loadtests'], { cwd: ROOT, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
