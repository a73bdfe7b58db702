/** The release's schema migration: an Argo CD PreSync Job per moderation-api image, reaching the database only. */
import { validateTarget } from '../../charts/config/validate';
import { isStandby } from '../../charts/disaster-recovery/standby';
import { imageOf } from '../../charts/workloads/chart';
import { VERIFIER_ROLE } from '../../charts/verifier-rbac/chart';
import { checkConnectivity, podOf, validateObject, worldOf, type External, type Pod } from '../support';
import { overlayInput } from '../support/overlay';
import { allObjectsOf, getObject, renderedTarget, renderVariant, TARGET_NAMES, targetObjects, type KubeObject } from '../support/render';
import { endpointRef, managedService } from '../support/estate';

const jobOf = (objects: readonly KubeObject[]) => {
  const jobs = objects.filter((o) => o.kind === 'Job' && o.metadata.name.startsWith('db-migrate-'));
  if (jobs.length !== 1) throw new Error(`expected one migration Job, found ${jobs.length}`);
  return jobs[0];
};
const annotations = (o: KubeObject) => o.metadata.annotations ?? {};
/** An address inside a CIDR: `10.20.96.0/22` → `10.20.96.10`. */
const inside = (cidr: string) => cidr.replace(/\.0\/\d+$/, '.10');

/** The targets that migrate their database: every one but a disaster-recovery standby, whose database is a replica (test/disaster-recovery). */
const MIGRATING = TARGET_NAMES.filter((name) => !isStandby(renderedTarget(name).target));

describe.each(MIGRATING)('the migration Job of %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const objects = targetObjects(targetName);
  const job = jobOf(objects);
  const pod = job.spec.template.spec;
  const [container] = pod.containers;
  const policy = getObject(objects, 'NetworkPolicy', 'db-migrate');
  const own = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'db-migrate');

  it('renders a ServiceAccount, a NetworkPolicy and a Job that validate against their schemas', () => {
    expect(own.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/db-migrate', 'NetworkPolicy/db-migrate', `Job/${job.metadata.name}`]);
    expect(own.flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('runs `alembic upgrade head` in the deployed moderation-api image', () => {
    const api = imageOf(target, 'moderation-api');
    expect(container.image).toBe(api.reference);
    expect(container.imagePullPolicy).toBe(api.pullPolicy);
    expect(container.command).toEqual(['alembic', 'upgrade', 'head']);
    expect(job.metadata.labels?.['app.kubernetes.io/version']).toBe(api.version);
  });

  it('is an Argo CD PreSync hook that keeps a failed Job, after its NetworkPolicy', () => {
    for (const o of [job, policy]) {
      expect(annotations(o)['argocd.argoproj.io/hook']).toBe('PreSync');
      expect(annotations(o)['argocd.argoproj.io/hook-delete-policy']).toBe('BeforeHookCreation');
    }
    expect(Number(annotations(policy)['argocd.argoproj.io/sync-wave'])).toBeLessThan(Number(annotations(job)['argocd.argoproj.io/sync-wave']));
  });

  it('retries once, stops at the configured deadline and keeps a finished Job for a week', () => {
    expect(job.spec.backoffLimit).toBe(1);
    expect(job.spec.activeDeadlineSeconds).toBe(target.migrations.timeoutMinutes * 60);
    // A failure must outlast a long weekend (3 days) to be inspected.
    expect(job.spec.ttlSecondsAfterFinished).toBe(7 * 24 * 3600);
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec.podReplacementPolicy).toBe('Failed');
    expect(job.spec.podFailurePolicy.rules).toEqual([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]);
  });

  it('connects to the managed database directly, with the DDL login of db-migrations-credentials', () => {
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    // The managed server's own host and port from the estate's endpoint Secret: no pooler, no typed host.
    expect([env.POSTGRES_HOST, env.POSTGRES_PORT, env.POSTGRES_TLS_SERVER_NAME]).toEqual([endpointRef('postgres', 'host'), endpointRef('postgres', 'port'), endpointRef('postgres', 'host')]);
    expect(env.POSTGRES_USER).toEqual({ secretKeyRef: { name: 'db-migrations-credentials', key: 'postgres-username', optional: false } });
    expect(env.POSTGRES_PASSWORD).toEqual({ secretKeyRef: { name: 'db-migrations-credentials', key: 'postgres-password', optional: false } });
    // The ExternalSecret of the target produces exactly the keys the Job reads.
    const external = getObject(objects, 'ExternalSecret', 'db-migrations-credentials', target.namespace);
    expect(external.spec.data.map((d: any) => d.secretKey).sort()).toEqual(['postgres-password', 'postgres-username']);
  });

  it('runs in the batch tier with the restricted security context, no API token and a disk budget', () => {
    expect(pod.priorityClassName).toBe('moderation-batch');
    expect(getObject(objects, 'PriorityClass', 'moderation-batch').preemptionPolicy).toBe('Never');
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.serviceAccountName).toBe('db-migrate');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(getObject(objects, 'ServiceAccount', 'db-migrate').automountServiceAccountToken).toBe(false);
    expect(container.resources.requests['ephemeral-storage']).toBe(container.resources.limits['ephemeral-storage']);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
  });

  describe('network', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const world = worldOf(objects, [{ name: 'kube-system' }, { name: target.network.monitoringNamespace }, { name: 'default' }]);
    const migration = podOf(job);
    const postgres = managedService(target, 'postgres');
    const database: External = { ip: inside(postgres.cidrs[0]!) };
    const others: Record<string, External & { port: number }> = {
      'redis': { ip: inside(managedService(target, 'redis').cidrs[0]!), port: managedService(target, 'redis').port },
      'kafka': { ip: inside(managedService(target, 'kafka').cidrs[0]!), port: managedService(target, 'kafka').port },
      'the internet': { ip: '93.184.216.34', port: 443 },
      'the cloud metadata service': { ip: '169.254.169.254', port: 80 },
      'the EKS Pod Identity agent': { ip: '169.254.170.23', port: 80 },
    };
    const api = podOf(getObject(objects, 'Deployment', 'moderation-api'));
    const peers: Pod[] = [
      api,
      { name: 'debug', namespace: target.namespace, labels: { run: 'debug' } },
      { name: 'prometheus', namespace: target.network.monitoringNamespace, labels: { 'app.kubernetes.io/name': 'prometheus' } },
    ];
    const kubeDns: Pod = { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

    it('reaches the database on its port and resolves names, nothing else', () => {
      expect(
        checkConnectivity(policies, world, [
          { from: migration, to: database, port: postgres.port, allowed: true },
          { from: migration, to: database, port: 22, allowed: false },
          { from: migration, to: kubeDns, port: 53, protocol: 'UDP', allowed: true },
          ...Object.values(others).map((to) => ({ from: migration, to, port: to.port, allowed: false })),
          { from: migration, to: api, port: 8000, allowed: false },
        ]),
      ).toEqual([]);
    });

    it('is reached by nothing', () => {
      expect(checkConnectivity(policies, world, peers.flatMap((from) => [8000, 8080, 9090].map((port) => ({ from, to: migration, port, allowed: false }))))).toEqual([]);
    });
  });
});

describe('the migration Job name', () => {
  const bump = (version: string) => (input: ReturnType<typeof overlayInput>) => {
    input.images.versions['moderation-api'] = version;
  };
  const name = jobOf(targetObjects('eks-staging')).metadata.name;

  it('changes with the moderation-api image, not with another service\'s release', () => {
    expect(name).toMatch(/^db-migrate-[0-9a-f]{10}$/);
    expect(jobOf(renderVariant('eks-staging', bump('2.15.0-rc.2')).objects).metadata.name).not.toBe(name);
    expect(jobOf(renderVariant('eks-staging', bump('2.15.0-rc.1')).objects).metadata.name).toBe(name);
    expect(jobOf(renderVariant('eks-staging', (input) => (input.images.versions.web = '9.9.9')).objects).metadata.name).toBe(name);
  });

  it('changes with the registry holding the same tag (a Job cannot be changed in place)', () => {
    const moved = renderVariant('eks-staging', (input) => (input.images.registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/moderation'));
    expect(jobOf(moved.objects).metadata.name).not.toBe(name);
  });
});

describe('migrations settings', () => {
  it('sets the Job deadline from migrations.timeoutMinutes', () => {
    const { objects } = renderVariant('doks-staging', (input) => (input.migrations = { timeoutMinutes: 45 }));
    expect(jobOf(objects).spec.activeDeadlineSeconds).toBe(2700);
  });

  it.each([
    [0, 'must be at least 1 minute'],
    [121, 'must be at most 120 minutes: a longer data change (a backfill) runs as its own one-off Job'],
    [1.5, 'must be a whole number of minutes'],
  ])('refuses a timeout of %s minutes, naming the target and field', (timeoutMinutes, reason) => {
    const input = overlayInput('eks-production');
    input.migrations = { timeoutMinutes };
    expect(() => validateTarget('eks-production', input)).toThrow(`target "eks-production" has 1 config problem:\n  - migrations.timeoutMinutes: ${reason}`);
  });
});

describe.each(MIGRATING)('delivery of the migration Job on %s', (targetName) => {
  const all = allObjectsOf(renderedTarget(targetName));

  it('is a kind the Argo CD project may deploy and the verifier may read', () => {
    const project = getObject(all, 'AppProject', `moderation-${targetName}`);
    expect(project.spec.namespaceResourceWhitelist).toContainEqual({ group: 'batch', kind: 'Job' });
    const role = getObject(all, 'ClusterRole', VERIFIER_ROLE);
    expect(role.rules).toContainEqual({ apiGroups: ['batch'], resources: expect.arrayContaining(['jobs']), verbs: ['get', 'list', 'watch'] });
  });
});
