/** EKS Pod Identity: an association, a role and a scoped policy for every ServiceAccount the features render with a cloud identity. */
import { backupBucketName } from '../../../charts/infra/estate';
import type { KubeObject } from '../../../core/object';
import { forProvider, ofKind, one, renderEstate } from '../../support/estate';

/** The ServiceAccounts a target renders, and those its add-on Applications name in their Helm values. */
function serviceAccounts(objects: readonly KubeObject[], all: readonly KubeObject[]): Set<string> {
  const rendered = objects.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  const addOns = all
    .filter((o) => o.kind === 'Application')
    .flatMap((app) => {
      const spec = app.spec as { destination?: { namespace?: string }; source?: { helm?: { valuesObject?: unknown } } };
      const values = JSON.stringify(spec.source?.helm?.valuesObject ?? {});
      return [...values.matchAll(/"name":"([a-z0-9-]+)"/g)].map((m) => `${spec.destination?.namespace}/${m[1]}`);
    });
  return new Set([...rendered, ...addOns]);
}

describe.each(['eks-production', 'eks-staging'])('the workload identities of %s', (name) => {
  const { target, estate, objects, all } = renderEstate(name);
  const associations = ofKind(estate, 'eks.aws.m.upbound.io/PodIdentityAssociation').map(forProvider);

  it('associates only ServiceAccounts the target renders', () => {
    const accounts = serviceAccounts(objects, all);
    expect(associations.map((a) => `${a.namespace}/${a.serviceAccount}`).filter((a) => !accounts.has(a))).toEqual([]);
  });

  it('covers ml-inference, the log collector, the backup jobs and KEDA (MSK IAM)', () => {
    expect(associations.map((a) => `${a.namespace}/${a.serviceAccount}`)).toEqual(
      expect.arrayContaining([`${target.namespace}/ml-inference`, `${target.logging.namespace}/fluent-bit`, `${target.namespace}/db-backup`, `${target.namespace}/db-restore-test`, 'keda/keda-operator']),
    );
  });

  it('gives every association its own role trusted by EKS Pod Identity, with a policy scoped to what it needs', () => {
    for (const association of associations) {
      const role = forProvider(one(estate, 'iam.aws.m.upbound.io/Role', association.roleArnRef.name));
      expect(JSON.parse(role.assumeRolePolicy).Statement[0]).toMatchObject({ Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
      expect(association.clusterNameRef.name).toBe(target.cluster.name);
    }
    const backup = associations.find((a) => a.serviceAccount === 'db-backup');
    const policy = JSON.parse(forProvider(one(estate, 'iam.aws.m.upbound.io/Policy', backup.roleArnRef.name)).policy);
    expect(policy.Statement.find((s: { Action: string }) => s.Action === 's3:PutObject').Resource).toBe(`arn:aws:s3:::${backupBucketName(target)}/${target.backups.objectStore.prefix}/*`);
  });

  it('lets the Kafka clients sign in to MSK with IAM: no Kafka password is synced, each reads and writes only the estate\'s cluster', () => {
    for (const service of ['moderation-api', 'moderation-worker']) {
      const association = associations.find((a) => a.serviceAccount === service && a.namespace === target.namespace);
      expect(association).toBeDefined();
      const statements: { Action: string[]; Resource: string }[] = JSON.parse(forProvider(one(estate, 'iam.aws.m.upbound.io/Policy', association.roleArnRef.name)).policy).Statement;
      const topic = statements.find((s) => s.Resource.includes(':topic/'))!;
      expect(topic.Action).toEqual(expect.arrayContaining(['kafka-cluster:ReadData', 'kafka-cluster:WriteData']));
      expect(topic.Resource).toMatch(new RegExp(`^arn:aws:kafka:${target.cluster.region}:\\*:topic/${target.cluster.name}-kafka/\\*$`));
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === service)!;
      const env = (deployment.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }).template.spec.containers[0].env;
      expect(env.filter((e) => e.name.startsWith('KAFKA_SASL_')).map((e) => [e.name, e.value])).toEqual([['KAFKA_SASL_MECHANISM', 'OAUTHBEARER']]);
    }
  });
});

describe('External Secrets', () => {
  it('gets a role scoped to the target\'s secrets once it authenticates with Pod Identity', () => {
    const { target, estate } = renderEstate('eks-staging', (input) => {
      input.secrets.auth = 'pod-identity';
      delete input.secrets.roleArn;
    });
    const association = ofKind(estate, 'eks.aws.m.upbound.io/PodIdentityAssociation').map(forProvider).find((a) => a.serviceAccount === 'external-secrets');
    expect(association).toMatchObject({ namespace: target.secrets.operatorNamespace });
    const policy = JSON.parse(forProvider(one(estate, 'iam.aws.m.upbound.io/Policy', association.roleArnRef.name)).policy);
    expect(policy.Statement[0].Resource).toBe(`arn:aws:secretsmanager:${target.cluster.region}:*:secret:staging/moderation/*`);
  });
});
