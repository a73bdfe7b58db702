/** Features extend each other through what they provide, not by editing each other. */
import { App } from 'cdk8s';
import { cloudProfile } from '../../charts/cloud';
import { mergeContributions, NO_CONTRIBUTIONS, type Contributions } from '../../charts/platform/contributions';
import { NetworkPoliciesChart } from '../../charts/network/network-policies-chart';
import { SecretsChart } from '../../charts/secrets/chart';
import { WorkloadsChart } from '../../charts/workloads/chart';
import { getObject, renderedTarget, targetObjects, type KubeObject } from '../support/render';
import { endpointRef, managedService } from '../support/estate';

const { target } = renderedTarget('eks-staging');
const cloud = cloudProfile(target.cloud);
const pooler = { host: 'pgbouncer.moderation.svc.cluster.local', port: 6432, podLabels: { 'app.kubernetes.io/name': 'pgbouncer' } };

describe('mergeContributions', () => {
  it('concatenates credentials, environment and egress, and keeps each scaled service and endpoint', () => {
    const merged = mergeContributions([
      { feature: 'a', contributes: { scaling: { 'moderation-worker': { owner: 'external', by: 'KEDA' } }, env: { web: [{ name: 'A', value: '1' }] }, egress: { web: [pooler] } } },
      { feature: 'b', contributes: { endpoints: { postgres: pooler }, env: { web: [{ name: 'B', value: '2' }] }, egress: { web: [pooler] } } },
    ]);
    expect(merged.egress.web).toEqual([pooler, pooler]);
    expect(merged.scaling['moderation-worker']).toEqual({ owner: 'external', by: 'KEDA' });
    expect(merged.endpoints.postgres).toEqual(pooler);
    expect(merged.env.web?.map((e) => e.name)).toEqual(['A', 'B']);
    expect(mergeContributions([])).toEqual(NO_CONTRIBUTIONS);
  });

  it('refuses two features owning the same service\'s scaling, naming both', () => {
    const keda = { owner: 'external', by: 'KEDA' } as const;
    expect(() =>
      mergeContributions([
        { feature: 'keda', contributes: { scaling: { web: keda } } },
        { feature: 'rollouts', contributes: { scaling: { web: keda } } },
      ]),
    ).toThrow('features "keda" and "rollouts" both provide the scaling of web');
  });
});

describe('charts take what other features provide', () => {
  const contributions: Contributions = {
    ...NO_CONTRIBUTIONS,
    scaling: { 'moderation-worker': { owner: 'external', by: 'a KEDA ScaledObject' } },
    endpoints: { postgres: pooler },
    credentials: [{ owner: 'pgbouncer', secretName: 'pgbouncer-credentials', namespace: 'platform', usedBy: 'PgBouncer', credentials: [{ name: 'auth', class: 'database', description: 'd', fields: [{ property: 'p', secretKey: 'k' }] }] }],
  };
  const render = (build: (app: App) => { toJson(): unknown[] }): KubeObject[] => build(new App()).toJson() as KubeObject[];

  it('workloads: no HPA for a service another feature scales; services point at the endpoint, TLS still verified against the managed host', () => {
    const objects = render((app) => new WorkloadsChart(app, 'w', { target, cloud, contributions }));
    expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).not.toContain('moderation-worker');
    const env = getObject(objects, 'Deployment', 'moderation-api').spec.template.spec.containers[0].env;
    const value = (name: string) => {
      const e = env.find((v: { name: string }) => v.name === name);
      return e?.value ?? e?.valueFrom;
    };
    expect([value('POSTGRES_HOST'), value('POSTGRES_PORT'), value('POSTGRES_TLS_SERVER_NAME')]).toEqual([pooler.host, '6432', endpointRef('postgres', 'host')]);
  });

  it('network policies: the services reach the endpoint\'s pods, not the database addresses', () => {
    const policy = getObject(render((app) => new NetworkPoliciesChart(app, 'n', { target, cloud, contributions })), 'NetworkPolicy', 'moderation-api');
    expect(policy.spec.egress).toContainEqual({ to: [{ podSelector: { matchLabels: pooler.podLabels } }], ports: [{ protocol: 'TCP', port: 6432 }] });
    const postgres = managedService(target, 'postgres');
    expect(policy.spec.egress.filter((rule: { ports?: { port: number }[] }) => rule.ports?.some((p) => p.port === postgres.port))).toEqual([]);
  });

  it('network policies: a service reaches an endpoint a feature runs for it on that endpoint\'s port; the other services do not', () => {
    const flagd = { host: 'flagd.moderation.svc.cluster.local', port: 8013, podLabels: { 'app.kubernetes.io/name': 'flagd' } };
    const policies = render((app) => new NetworkPoliciesChart(app, 'n', { target, cloud, contributions: { ...contributions, egress: { web: [flagd] } } }));
    const rule = { to: [{ podSelector: { matchLabels: flagd.podLabels } }], ports: [{ protocol: 'TCP', port: 8013 }] };
    expect(getObject(policies, 'NetworkPolicy', 'web').spec.egress).toContainEqual(rule);
    expect(getObject(policies, 'NetworkPolicy', 'moderation-api').spec.egress).not.toContainEqual(rule);
  });

  it('secrets: a provided credential is synced like the catalogue\'s', () => {
    const objects = render((app) => new SecretsChart(app, 's', { target, cloud, contributions }));
    expect(getObject(objects, 'ExternalSecret', 'pgbouncer-credentials').spec.target.name).toBe('pgbouncer-credentials');
  });
});

describe('Kafka', () => {
  it('clients bootstrap from the broker list the estate publishes, not one host', () => {
    const env = getObject(targetObjects('eks-production'), 'Deployment', 'moderation-worker').spec.template.spec.containers[0].env;
    expect(env.find((e: { name: string }) => e.name === 'KAFKA_BOOTSTRAP_SERVERS').valueFrom).toEqual(endpointRef('kafka', 'brokers'));
    expect(env.map((e: { name: string }) => e.name)).not.toContain('KAFKA_HOST');
  });
});
