import { RELOADER_SECRET_ANNOTATION } from '../../charts/secrets/wiring';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { poolerSettings } from '../../charts/pooler/schema';
import { renderedTarget, TARGET_NAMES, targetObjects, type KubeObject } from '../support/render';
import { byKind, producedKeys, producedName, secretRefsOf } from '../support/secrets';

describe.each(TARGET_NAMES)('%s: workloads read only Secrets that ExternalSecrets produce', (name) => {
  const objects = targetObjects(name);
  const deployments = byKind(objects, 'Deployment');
  const externalSecrets = byKind(objects, 'ExternalSecret');
  const cloud = name.startsWith('eks') ? 'eks' : 'doks';
  const produced = (secret: string, namespace: string): KubeObject | undefined =>
    externalSecrets.find((es) => producedName(es) === secret && es.metadata.namespace === namespace);

  test('one Deployment per service, PgBouncer where the target runs it, and flagd', () => {
    const pgbouncer = poolerSettings(renderedTarget(name).target).mode === 'pgbouncer' ? ['pgbouncer'] : [];
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...SERVICE_NAMES, ...pgbouncer, 'flagd'].sort());
  });

  test.each([...SERVICE_NAMES])('%s: every referenced Secret and key is produced in its namespace', (service) => {
    const deployment = deployments.find((d) => d.metadata.name === service)!;
    const namespace = deployment.metadata.namespace!;
    const refs = secretRefsOf(deployment);
    for (const ref of refs.env) {
      const es = produced(ref.name, namespace);
      expect({ secret: ref.name, produced: es !== undefined }).toEqual({ secret: ref.name, produced: true });
      expect(producedKeys(es!)).toContain(ref.key);
    }
    for (const secret of [...refs.whole, ...refs.pull]) expect({ secret, produced: produced(secret, namespace) !== undefined }).toEqual({ secret, produced: true });
    for (const secret of refs.pull) {
      const es = produced(secret, namespace)!;
      expect(es.spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
      expect(producedKeys(es)).toEqual(['.dockerconfigjson']);
    }
  });

  /** The endpoint Secrets of the managed services the estate creates, which each service reads (written out, not derived). */
  const ENDPOINTS: Record<string, string[]> = {
    'web': [],
    'moderation-api': ['postgres-endpoint', 'redis-endpoint', 'kafka-endpoint'],
    'moderation-worker': ['postgres-endpoint', 'redis-endpoint', 'kafka-endpoint'],
    'ml-inference': [],
  };
  const isEndpoint = (secret: string) => secret.endsWith('-endpoint');

  test.each([...SERVICE_NAMES])('%s: reads only its own Secret and the endpoints of what it uses, and Reloader watches exactly those', (service) => {
    const deployment = deployments.find((d) => d.metadata.name === service)!;
    const refs = secretRefsOf(deployment);
    const read = [...new Set([...refs.env.map((r) => r.name), ...refs.whole])];
    // On EKS, ml-inference reads S3 with its Pod Identity role and holds no credential at all.
    const own = cloud === 'eks' && service === 'ml-inference' ? [] : [`${service}-credentials`];
    expect([...read].sort()).toEqual([...own, ...ENDPOINTS[service]!].sort());
    const watched = deployment.metadata.annotations?.[RELOADER_SECRET_ANNOTATION];
    expect(watched?.split(',').sort()).toEqual(read.length ? [...read].sort() : undefined);
  });

  test('no two workloads read the same credential (the endpoints, host and port only, are shared; the pull secret is the kubelet\'s, never mounted)', () => {
    const readers = new Map<string, string[]>();
    for (const d of deployments) {
      const refs = secretRefsOf(d);
      for (const secret of new Set([...refs.env.map((r) => r.name), ...refs.whole])) if (!isEndpoint(secret)) readers.set(secret, [...(readers.get(secret) ?? []), d.metadata.name]);
    }
    for (const [secret, services] of readers) expect({ secret, services }).toEqual({ secret, services: [services[0]] });
    // An endpoint Secret holds no credential: only the keys consumers read.
    for (const es of externalSecrets.filter((e) => isEndpoint(producedName(e)))) expect(producedKeys(es).filter((k) => !['host', 'port', 'brokers'].includes(k))).toEqual([]);
  });

  test(cloud === 'doks' ? 'every workload pulls with the registry pull secret' : 'no workload has a pull secret (nodes pull from ECR with their role)', () => {
    for (const d of deployments) expect(secretRefsOf(d).pull).toEqual(cloud === 'doks' ? ['registry-pull-secret'] : []);
  });

  test('the contract env var names of each service', () => {
    const envNames = (service: string) =>
      deployments
        .find((d) => d.metadata.name === service)!
        .spec.template.spec.containers[0].env.filter((e: any) => e.valueFrom?.secretKeyRef && !isEndpoint(e.valueFrom.secretKeyRef.name))
        .map((e: any) => e.name);
    // Kafka users with passwords only where clients sign in with SCRAM; on MSK they use their IAM role.
    const data = ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'REDIS_USERNAME', 'REDIS_PASSWORD', ...(cloud === 'doks' ? ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] : [])];
    expect(envNames('moderation-api')).toEqual(data);
    expect(envNames('moderation-worker')).toEqual(data);
    expect(envNames('web')).toEqual(['SESSION_SECRET', 'SESSION_SECRET_PREVIOUS']);
    expect(envNames('ml-inference')).toEqual(cloud === 'doks' ? ['MODEL_REGISTRY_ACCESS_KEY_ID', 'MODEL_REGISTRY_SECRET_ACCESS_KEY'] : []);
  });

  test('the API, the worker and migrations log in to PostgreSQL from different remote secrets', () => {
    const postgresKey = (secret: string) => externalSecrets.find((es) => es.metadata.name === secret)!.spec.data.find((d: any) => d.secretKey === 'postgres-password').remoteRef.key;
    const keys = ['moderation-api-credentials', 'moderation-worker-credentials', 'db-migrations-credentials'].map(postgresKey);
    expect(new Set(keys).size).toBe(3);
  });
});
