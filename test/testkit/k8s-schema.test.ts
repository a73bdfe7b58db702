import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { crdsDir } from '../support/crd-index';
import { BUILT_IN_KINDS, modelAttributes, modelClass, rootModelName } from '../support/k8s-models';
import { unknownFields, validateKubeObject } from '../support/k8s-schema';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'moderation', labels: { app: 'api' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'ghcr.io/example/api:1.0.0',
            imagePullPolicy: 'IfNotPresent',
            ports: [{ name: 'http', containerPort: 8080 }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
          },
        ],
      },
    },
  },
});

const valid: Record<string, unknown>[] = [
  deployment(),
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'moderation', labels: { team: 'trust' } } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'moderation' } },
  {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'moderation' },
    spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'a.yaml': 'x: 1' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', stringData: { k: 'v' } },
  {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'api' } } } },
  {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'moderation' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 53, protocol: 'UDP' }] }] },
  },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'rb' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' },
    subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'moderation' }],
  },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'm' }, rules: [] },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'm' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [],
  },
  {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' },
    spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'busybox' }] } } },
  },
  {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'purge' },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'p', image: 'busybox' }] } } } } },
  },
];

describe('validateKubeObject', () => {
  it.each(valid.map((o) => [`${o.apiVersion} ${o.kind}`, o]))('accepts a valid %s', (_name, obj) => {
    expect(validateKubeObject(obj)).toEqual([]);
  });

  it('reports a typo in a spec field (spec.replica)', () => {
    const d = deployment() as any;
    d.spec.replica = 3;
    expect(validateKubeObject(d)).toEqual(['Deployment moderation/api: spec.replica: unknown field']);
  });

  it('reports a typo deep inside the pod template', () => {
    const d = deployment() as any;
    d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    expect(validateKubeObject(d)).toEqual([
      'Deployment moderation/api: spec.template.spec.containers[0].imagePullPolicyy: unknown field',
    ]);
  });

  it('reports unknown fields in metadata but accepts any label/annotation key', () => {
    const d = deployment() as any;
    d.metadata.annotations = { 'example.com/anything': 'x' };
    d.metadata.label = { a: 'b' };
    expect(validateKubeObject(d)).toEqual(['Deployment moderation/api: metadata.label: unknown field']);
  });

  it('reports a wrong type with its path', () => {
    const d = deployment() as any;
    d.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    expect(validateKubeObject(d)).toEqual([
      'Deployment moderation/api: spec.template.spec.containers[0].ports[0].containerPort: must be integer',
    ]);
  });

  it('reports a missing required field', () => {
    const d = deployment() as any;
    delete d.spec.selector;
    expect(validateKubeObject(d)).toEqual(['Deployment moderation/api: spec: must have required property selector']);
  });

  it('reports an invalid enum value and an invalid quantity', () => {
    const d = deployment() as any;
    d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    d.spec.template.spec.containers[0].resources.limits.memory = '256 MB';
    const problems = validateKubeObject(d);
    expect(problems.some((p) => p.includes('containers[0].imagePullPolicy:'))).toBe(true);
    expect(problems.some((p) => p.includes('limits.memory: must match format "quantity"'))).toBe(true);
  });

  it('reports unknown built-in kinds and removed APIs instead of passing them', () => {
    expect(validateKubeObject({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual([
      'Deploymnet x: apps/v1 Deploymnet is not a known built-in kind (no schema)',
    ]);
    expect(validateKubeObject({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'x' } })).toHaveLength(1);
    expect(validateKubeObject({ apiVersion: 'apps/v1', kind: 'DeploymentSpec', metadata: { name: 'x' } })).toHaveLength(1);
  });

  it('reports objects without apiVersion/kind', () => {
    expect(validateKubeObject({ metadata: { name: 'x' } })).toEqual([
      '<no kind> x: not a Kubernetes object (needs string apiVersion and kind)',
    ]);
  });
});

describe('free-form upstream types', () => {
  it('accepts a real CustomResourceDefinition (JSON schema props are schema-less in the OpenAPI)', () => {
    const crd = parse(fs.readFileSync(path.join(crdsDir(), 'gateway.networking.k8s.io_referencegrants.yaml'), 'utf8'));
    expect(validateKubeObject(crd)).toEqual([]);
    crd.spec.scpoe = 'Namespaced';
    expect(validateKubeObject(crd)).toEqual([
      'CustomResourceDefinition referencegrants.gateway.networking.k8s.io: spec.scpoe: unknown field',
    ]);
  });
});

describe('the libraries behind validateKubeObject', () => {
  const kinds = Object.entries(BUILT_IN_KINDS).flatMap(([apiVersion, ks]) => ks.map((kind) => [apiVersion, kind]));

  it.each(kinds)('both know %s %s', (apiVersion, kind) => {
    const Model = modelClass(apiVersion, kind) as unknown as { apiVersion: string; kind: string };
    expect([Model.apiVersion, Model.kind]).toEqual([apiVersion, kind]);
    expect(modelAttributes(rootModelName(apiVersion, kind)).map((a) => a.baseName)).toEqual(
      expect.arrayContaining(['apiVersion', 'kind', 'metadata']),
    );
  });

  it('walks nested models, arrays and maps for unknown fields', () => {
    const cm = { metadata: { name: 'x', labels: { a: 'b' }, ownerReferences: [{ nmae: 'o' }] }, data: { k: 'v' }, immutable: true, dat: {} };
    expect(unknownFields('v1', 'ConfigMap', cm)).toEqual(['metadata.ownerReferences[0].nmae', 'dat']);
  });

  it('accepts recent pod fields (preStop sleep action)', () => {
    const d = deployment() as any;
    d.spec.template.spec.containers[0].lifecycle = { preStop: { sleep: { seconds: 5 } } };
    expect(validateKubeObject(d)).toEqual([]);
    d.spec.template.spec.containers[0].lifecycle.preStop.sleep = { second: 5 };
    expect(validateKubeObject(d)).toEqual([
      'Deployment moderation/api: spec.template.spec.containers[0].lifecycle.preStop.sleep: must have required property seconds',
      'Deployment moderation/api: spec.template.spec.containers[0].lifecycle.preStop.sleep.second: unknown field',
    ]);
  });
});
