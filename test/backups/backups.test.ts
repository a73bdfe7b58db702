/** Nightly logical backups and the weekly restore test, as rendered for every target. */
import { CLOUD_PROFILES } from '../../charts/cloud';
import { isStandby } from '../../charts/disaster-recovery/standby';
import { VERIFIER_ROLE } from '../../charts/verifier-rbac/chart';
import { imageOf } from '../../charts/workloads/chart';
import { checkConnectivity, podOf, validateObject, worldOf, type External, type Pod } from '../support';
import { allObjectsOf, getObject, renderedTarget, renderVariant, TARGET_NAMES, targetObjects, type KubeObject } from '../support/render';
import { endpointRef, managedService } from '../support/estate';

const podSpecOf = (cronJob: KubeObject) => cronJob.spec.jobTemplate.spec.template.spec;
const containersOf = (cronJob: KubeObject): any[] => [...(podSpecOf(cronJob).initContainers ?? []), ...podSpecOf(cronJob).containers];
const envOf = (container: any): Record<string, any> => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
/** An address inside a CIDR: `10.20.96.0/22` → `10.20.96.10`. */
const inside = (cidr: string) => cidr.replace(/\.0\/\d+$/, '.10');

/** The targets that back their database up: every one but a disaster-recovery standby, which reads a replica of its primary's (test/disaster-recovery). */
const BACKING_UP = TARGET_NAMES.filter((name) => !isStandby(renderedTarget(name).target));

describe.each(BACKING_UP)('backups of %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const cloud = CLOUD_PROFILES[target.cloud];
  const objects = targetObjects(targetName);
  const backup = getObject(objects, 'CronJob', 'db-backup');
  const restore = getObject(objects, 'CronJob', 'db-restore-test');
  const ownNames = ['db-backup', 'db-restore-test'];
  const own = objects.filter((o) => ownNames.includes(o.metadata.labels?.['app.kubernetes.io/name'] ?? ''));
  const production = target.environment === 'production';
  const container = (cronJob: KubeObject, name: string) => containersOf(cronJob).find((c) => c.name === name);

  it('renders a ServiceAccount, a NetworkPolicy and a CronJob each, that validate against their schemas', () => {
    expect(own.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      ['CronJob/db-backup', 'CronJob/db-restore-test', 'NetworkPolicy/db-backup', 'NetworkPolicy/db-restore-test', 'ServiceAccount/db-backup', 'ServiceAccount/db-restore-test'],
    );
    expect(own.flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('schedules both in UTC, never overlapping, with deadlines and history', () => {
    expect(backup.spec).toMatchObject({ schedule: '17 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 7200, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 });
    expect(backup.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 3 * 3600, podReplacementPolicy: 'Failed' });
    expect(restore.spec).toMatchObject({ schedule: '17 5 * * 0', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 12 * 3600, successfulJobsHistoryLimit: 4, failedJobsHistoryLimit: 4 });
    expect(restore.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 6 * 3600, podReplacementPolicy: 'Failed' });
    for (const cronJob of [backup, restore]) {
      // No TTL: the history limits keep the Jobs kube-state-metrics reports on.
      expect(cronJob.spec.jobTemplate.spec.ttlSecondsAfterFinished).toBeUndefined();
      expect(podSpecOf(cronJob).restartPolicy).toBe('Never');
    }
  });

  it('runs every container in the batch tier, restricted, without API token, with a disk budget', () => {
    for (const cronJob of [backup, restore]) {
      const pod = podSpecOf(cronJob);
      expect(pod.priorityClassName).toBe('moderation-batch');
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.serviceAccountName).toBe(cronJob.metadata.name);
      expect(getObject(objects, 'ServiceAccount', cronJob.metadata.name).automountServiceAccountToken).toBe(false);
      for (const c of containersOf(cronJob)) {
        expect({ name: c.name, securityContext: c.securityContext }).toEqual({
          name: c.name,
          securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
        });
        expect(c.resources.requests['ephemeral-storage']).toBe(c.resources.limits['ephemeral-storage']);
      }
    }
  });

  it('dumps the managed database with pg_dump of the configured image, verifying its certificate, encrypted to the configured recipient', () => {
    const c = container(backup, 'backup');
    expect(c.image).toBe(target.backups.toolsImage);
    expect(c.imagePullPolicy).toBe('Always');
    const env = envOf(c);
    // The managed host and port from the estate's endpoint Secret, never a typed host.
    expect([env.PGHOST, env.PGPORT, env.PGDATABASE, env.PGSSLMODE]).toEqual([endpointRef('postgres', 'host'), endpointRef('postgres', 'port'), 'moderation', 'verify-full']);
    expect(env.AGE_RECIPIENT).toBe(target.backups.ageRecipient);
    expect(env.PGUSER).toEqual({ secretKeyRef: { name: 'db-backup-credentials', key: 'postgres-username', optional: false } });
    expect(env.PGPASSWORD).toEqual({ secretKeyRef: { name: 'db-backup-credentials', key: 'postgres-password', optional: false } });
    expect(c.command.slice(0, 2)).toEqual(['bash', '-c']);
    expect(c.command[2]).toMatch(/pg_dump --format=custom[^|]*\|\s*age --encrypt --recipient "\$\{AGE_RECIPIENT\}"/);
  });

  it('uploads to the bucket the estate creates, at the cloud\'s endpoint', () => {
    const env = envOf(container(backup, 'backup'));
    expect(env.BACKUP_BUCKET).toBe(`${target.cluster.name}-${target.cloud}-db-backups`);
    expect(env.BACKUP_PREFIX).toBe('postgres');
    expect(env.OBJECT_STORE_ENDPOINT).toBe(cloud.objectStore.endpoint(target.cluster.region));
    expect(env.AWS_REGION).toBe(target.cluster.region);
  });

  it('restores into a throw-away server in the pod (a native sidecar of the dumped major), then checks it with the deployed API image', () => {
    const pod = podSpecOf(restore);
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['postgres', 'restore']);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['check-schema', 'check-tables']);
    const server = container(restore, 'postgres');
    expect(server.restartPolicy).toBe('Always');
    expect(server.image).toMatch(new RegExp(`^docker\\.io/library/postgres:${target.backups.postgresMajorVersion}\\.\\d+-bookworm$`));
    expect(server.startupProbe.exec.command[0]).toBe('pg_isready');
    expect(server.args).toContain('listen_addresses=127.0.0.1');
    const data = pod.volumes.find((v: any) => v.name === 'data');
    expect(data).toEqual({ name: 'data', emptyDir: { sizeLimit: production ? '32Gi' : '8Gi' } });
    for (const name of ['restore', 'check-tables']) expect(envOf(container(restore, name)).PGHOST).toBe('127.0.0.1');
    expect(container(restore, 'restore').image).toBe(target.backups.toolsImage);
    const api = imageOf(target, 'moderation-api');
    expect(container(restore, 'check-schema').image).toBe(api.reference);
    expect(container(restore, 'check-schema').command[2]).toContain('alembic heads');
    expect(envOf(container(restore, 'check-tables')).NON_EMPTY_TABLES).toBe('content_items moderation_decisions');
    expect(envOf(container(restore, 'restore')).RETENTION_DAYS).toBe(production ? '30' : '7');
  });

  it('mounts the age identity as a file in the restore container only, never in the environment', () => {
    const pod = podSpecOf(restore);
    const volume = pod.volumes.find((v: any) => v.secret);
    expect(volume.secret).toEqual({ secretName: 'db-restore-test-credentials', items: [{ key: 'age-identity', path: 'identity' }], defaultMode: 0o440 });
    const mounting = containersOf(restore).filter((c) => (c.volumeMounts ?? []).some((m: any) => m.name === volume.name));
    expect(mounting.map((c) => c.name)).toEqual(['restore']);
    expect(mounting[0].volumeMounts.find((m: any) => m.name === volume.name).readOnly).toBe(true);
    const envSecrets = containersOf(restore).flatMap((c) => (c.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef?.key === 'age-identity'));
    expect(envSecrets).toEqual([]);
  });

  it('holds a static object store key only where the cloud gives pods no identity', () => {
    const keyed = cloud.podIdentityAgent === undefined;
    for (const cronJob of [backup, restore]) {
      const keyEnv = containersOf(cronJob).flatMap((c) => (c.env ?? []).filter((e: any) => /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)$/.test(e.name)));
      expect(keyEnv.length > 0).toBe(keyed);
      for (const e of keyEnv) expect(e.valueFrom.secretKeyRef.name).toBe(cronJob.metadata.name === 'db-backup' ? 'db-backup-credentials' : 'db-restore-test-credentials');
    }
    const keysOf = (name: string) => getObject(objects, 'ExternalSecret', name, target.namespace).spec.data.map((d: any) => d.secretKey).sort();
    const objectStoreKeys = keyed ? ['object-store-access-key-id', 'object-store-secret-access-key'] : [];
    expect(keysOf('db-backup-credentials')).toEqual([...objectStoreKeys, 'postgres-password', 'postgres-username'].sort());
    expect(keysOf('db-restore-test-credentials')).toEqual(['age-identity', ...objectStoreKeys].sort());
  });

  describe('network', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const world = worldOf(objects, [{ name: 'kube-system' }, { name: target.network.monitoringNamespace }, { name: 'default' }]);
    const postgres = managedService(target, 'postgres');
    const database: External & { port: number } = { ip: inside(postgres.cidrs[0]!), port: postgres.port };
    const store: External & { port: number } = { ip: inside(target.backups.objectStore.cidrs[0]), port: 443 };
    const agent: External & { port: number } = { ip: '169.254.170.23', port: 80 };
    const elsewhere: (External & { port: number })[] = [
      ...(['redis', 'kafka'] as const).map((s) => ({ ip: inside(managedService(target, s).cidrs[0]!), port: managedService(target, s).port })),
      { ip: '93.184.216.34', port: 443 },
      { ip: '169.254.169.254', port: 80 },
      { ip: store.ip, port: 80 },
    ];
    const kubeDns: Pod = { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const peers: Pod[] = [
      podOf(getObject(objects, 'Deployment', 'moderation-api')),
      { name: 'debug', namespace: target.namespace, labels: { run: 'debug' } },
      { name: 'prometheus', namespace: target.network.monitoringNamespace, labels: { 'app.kubernetes.io/name': 'prometheus' } },
    ];
    const eks = cloud.podIdentityAgent !== undefined;

    it('lets the backup reach the database, the object store (and on EKS the identity agent), nothing else', () => {
      const pod = podOf(backup);
      expect(
        checkConnectivity(policies, world, [
          { from: pod, to: database, port: database.port, allowed: true },
          { from: pod, to: store, port: store.port, allowed: true },
          { from: pod, to: agent, port: agent.port, allowed: eks },
          { from: pod, to: kubeDns, port: 53, protocol: 'UDP', allowed: true },
          ...elsewhere.map((to) => ({ from: pod, to, port: to.port, allowed: false })),
        ]),
      ).toEqual([]);
    });

    it('lets the restore test reach the object store (and on EKS the identity agent), never the production database', () => {
      const pod = podOf(restore);
      expect(
        checkConnectivity(policies, world, [
          { from: pod, to: database, port: database.port, allowed: false },
          { from: pod, to: store, port: store.port, allowed: true },
          { from: pod, to: agent, port: agent.port, allowed: eks },
          ...elsewhere.map((to) => ({ from: pod, to, port: to.port, allowed: false })),
        ]),
      ).toEqual([]);
    });

    it('lets nothing reach either pod', () => {
      const expectations = [backup, restore].flatMap((cronJob) =>
        peers.flatMap((from) => [5432, 8080, 9090].map((port) => ({ from, to: podOf(cronJob), port, allowed: false }))),
      );
      expect(checkConnectivity(policies, world, expectations)).toEqual([]);
    });
  });

  it('is made of kinds the Argo CD project may deploy and the verifier may read', () => {
    const all = allObjectsOf(renderedTarget(targetName));
    const project = getObject(all, 'AppProject', `moderation-${targetName}`);
    expect(project.spec.namespaceResourceWhitelist).toContainEqual({ group: 'batch', kind: 'CronJob' });
    const role = getObject(all, 'ClusterRole', VERIFIER_ROLE);
    expect(role.rules).toContainEqual({ apiGroups: ['batch'], resources: expect.arrayContaining(['cronjobs', 'jobs']), verbs: ['get', 'list', 'watch'] });
  });
});

describe('backups settings', () => {
  it('renders what an overlay sets instead of the defaults', () => {
    const { objects } = renderVariant('eks-production', (input) => {
      Object.assign(input.backups!, {
        database: 'moderation_main',
        schedule: '5 1 * * *',
        retentionDays: 14,
        serverImage: 'mirror.example.com/library/postgres:17.9-bookworm',
        objectStore: { ...input.backups!.objectStore, prefix: 'db/moderation', region: 'us-west-2', endpoint: 'https://bucket.vpce-0a1b2c3d.s3.us-west-2.vpce.amazonaws.com:8443' },
        restoreTest: { schedule: '0 6 * * 6', nonEmptyTables: ['public.decisions'], scratchSize: '100Gi' },
      });
    });
    const backup = getObject(objects, 'CronJob', 'db-backup');
    const restore = getObject(objects, 'CronJob', 'db-restore-test');
    const env = envOf(containersOf(backup)[0]);
    expect([backup.spec.schedule, env.PGDATABASE, env.BACKUP_PREFIX, env.AWS_REGION, env.OBJECT_STORE_ENDPOINT]).toEqual(
      ['5 1 * * *', 'moderation_main', 'db/moderation', 'us-west-2', 'https://bucket.vpce-0a1b2c3d.s3.us-west-2.vpce.amazonaws.com:8443'],
    );
    expect(getObject(objects, 'NetworkPolicy', 'db-backup').spec.egress.map((r: any) => r.ports[0].port)).toContain(8443);
    expect(restore.spec.schedule).toBe('0 6 * * 6');
    const server = containersOf(restore).find((c) => c.name === 'postgres');
    expect(server.image).toBe('mirror.example.com/library/postgres:17.9-bookworm');
    expect(podSpecOf(restore).volumes.find((v: any) => v.name === 'data').emptyDir.sizeLimit).toBe('100Gi');
    expect(envOf(containersOf(restore).find((c) => c.name === 'restore')).RETENTION_DAYS).toBe('14');
    expect(envOf(containersOf(restore).find((c) => c.name === 'check-tables')).NON_EMPTY_TABLES).toBe('public.decisions');
  });

  it('pulls a digest-pinned tools image from the node\'s cache, labelled with its tag', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { objects } = renderVariant('doks-production', (input) => (input.backups!.toolsImage = `registry.digitalocean.com/moderation/db-backup-tools:17-1.0.1@${digest}`));
    const backup = getObject(objects, 'CronJob', 'db-backup');
    expect(containersOf(backup)[0].imagePullPolicy).toBe('IfNotPresent');
    expect(backup.metadata.labels?.['app.kubernetes.io/version']).toBe('17-1.0.1');
  });
});
