/** What each target runs to pool PostgreSQL connections: PgBouncer, hardened and wired, or the provider's pools. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cloudProfile } from '../../charts/cloud';
import { PGBOUNCER_ROLLOUT_SURGE } from '../../charts/pooler/budget';
import { PGBOUNCER_CREDENTIALS } from '../../charts/pooler/credentials';
import { POOL_SIZE_ENV } from '../../charts/pooler/index';
import { EXPORTER_IMAGE, PGBOUNCER_IMAGE, STATS_USER } from '../../charts/pooler/pgbouncer';
import { poolerSettings, POSTGRES_CLIENTS } from '../../charts/pooler/schema';
import { RELOADER_SECRET_ANNOTATION } from '../../charts/secrets/wiring';
import { priorityClassName } from '../../charts/workloads/priority-classes';
import { parseQuantity } from '../../core/quantity';
import { validateObject } from '../support';
import { getObject, parseObjects, renderedTarget, renderVariant, TARGET_NAMES, targetObjects, type KubeObject } from '../support/render';
import { endpointRef } from '../support/estate';
import { producedKeys, producedName, secretRefsOf } from '../support/secrets';

/** `pgbouncer.ini` as `section.key` → value. */
function parseIni(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1];
    else if (line.includes('=')) out[`${section}.${line.slice(0, line.indexOf('=')).trim()}`] = line.slice(line.indexOf('=') + 1).trim();
  }
  return out;
}

/** Runs the `[databases]` writer's script with its output moved to a scratch folder: its exit status and the file it wrote. */
function runDatabasesWriter(script: string, file: string, env: Record<string, string>): { status: number | null; file?: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-'));
  const out = path.join(dir, 'databases.ini');
  const result = spawnSync('/bin/sh', ['-c', script.replaceAll(file, out)], { env: { PATH: process.env.PATH, ...env } });
  return { status: result.status, file: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined };
}

const envOf = (deployment: KubeObject) => Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [e.name, e.value ?? e.valueFrom]));

const pgbouncerTargets = TARGET_NAMES.filter((name) => poolerSettings(renderedTarget(name).target).mode === 'pgbouncer');
const managedTargets = TARGET_NAMES.filter((name) => !pgbouncerTargets.includes(name));

it('the repository runs both: PgBouncer on some targets, DigitalOcean\'s pools on another', () => {
  expect(pgbouncerTargets.length).toBeGreaterThan(0);
  expect(managedTargets.length).toBeGreaterThan(0);
});

describe.each(pgbouncerTargets)('PgBouncer on %s', (name) => {
  const { target, files } = renderedTarget(name);
  const settings = poolerSettings(target);
  const objects = targetObjects(name);
  const file = files.find((f) => f.name === 'pooler.yaml');
  const own = file ? parseObjects(file.content) : [];
  const deployment = getObject(objects, 'Deployment', 'pgbouncer');
  const pod = deployment.spec.template.spec;
  const containers: any[] = [...pod.initContainers, ...pod.containers];
  const container = (containerName: string) => containers.find((c) => c.name === containerName);
  const mountOf = (containerName: string, volume: string) => container(containerName).volumeMounts.find((m: { name: string }) => m.name === volume)?.mountPath;
  const configMap = getObject(objects, 'ConfigMap', 'pgbouncer');
  const ini = parseIni(configMap.data['pgbouncer.ini']);
  const externalSecrets = objects.filter((o) => o.kind === 'ExternalSecret');

  it('renders its own file, every object valid against its schema (and the ExternalSecrets of its credentials)', () => {
    expect(own.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'PodMonitor', 'Service', 'ServiceAccount'].map((kind) => `${kind}/pgbouncer`),
    );
    const synced = externalSecrets.filter((es) => PGBOUNCER_CREDENTIALS.some((spec) => spec.secretName === producedName(es)));
    expect(synced).toHaveLength(PGBOUNCER_CREDENTIALS.length);
    expect([...own, ...synced].flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('pools in transaction mode, clients proving SCRAM against the auth file the init container writes into memory', () => {
    expect(ini['pgbouncer.pool_mode']).toBe('transaction');
    expect(ini['pgbouncer.auth_type']).toBe('scram-sha-256');
    expect(ini['pgbouncer.auth_user']).toBeUndefined();
    const authDir = mountOf('pgbouncer', 'auth');
    expect(ini['pgbouncer.auth_file']).toBe(`${authDir}/userlist.txt`);
    expect(container('auth-file').command.join(' ')).toContain(`> ${ini['pgbouncer.auth_file']}`);
    expect(pod.volumes.find((v: any) => v.name === 'auth').emptyDir).toEqual({ medium: 'Memory', sizeLimit: expect.any(String) });
    expect(container('pgbouncer').volumeMounts.find((m: any) => m.name === 'auth').readOnly).toBe(true);
  });

  it('has a login in the auth file for each service that uses the database, in a Secret of its own read from that service\'s remote key, and one for the exporter', () => {
    const logins = pod.volumes.find((v: any) => v.name === 'logins').projected.sources;
    const folders = logins.flatMap((s: any) => (s.secret ?? s.configMap).items.map((i: any) => i.path));
    expect(folders.sort()).toEqual([...POSTGRES_CLIENTS, 'stats'].flatMap((login) => [`${login}/password`, `${login}/username`]).sort());
    /** Remote key and property of each Secret key an ExternalSecret fills. */
    const remote = (secret: string) => new Map(externalSecrets.find((es) => producedName(es) === secret)!.spec.data.map((d: any) => [d.secretKey, `${d.remoteRef.key}#${d.remoteRef.property}`]));
    for (const service of POSTGRES_CLIENTS) {
      const source = logins.find((s: any) => s.secret?.items[0].path === `${service}/username`).secret;
      const serviceEnv = getObject(objects, 'Deployment', service).spec.template.spec.containers[0].env;
      const ref = (variable: string) => serviceEnv.find((e: any) => e.name === variable).valueFrom.secretKeyRef;
      expect(source.name).not.toBe(ref('POSTGRES_USER').name);
      const [user, password] = source.items.map((i: any) => remote(source.name).get(i.key));
      expect([user, password]).toEqual([remote(ref('POSTGRES_USER').name).get(ref('POSTGRES_USER').key), remote(ref('POSTGRES_PASSWORD').name).get(ref('POSTGRES_PASSWORD').key)]);
      expect(user).toMatch(new RegExp(`/${service}/postgres#username$`));
    }
    expect(ini['pgbouncer.stats_users']).toBe(STATS_USER);
    expect(configMap.data['stats-user']).toBe(STATS_USER);
    expect(container('exporter').args[0]).toBe(`--pgBouncer.connectionString=postgres://${STATS_USER}@127.0.0.1:${ini['pgbouncer.listen_port']}/pgbouncer?sslmode=disable`);
    expect(ini['pgbouncer.admin_users']).toBeUndefined();
  });

  it('verifies the database\'s certificate and host name, with the CA from its synced Secret, connecting to the real host', () => {
    // The [databases] section is written at start from the endpoint Secret (PgBouncer expands no variables) and included.
    const writer = container('databases');
    const include = /^%include (\S+)$/m.exec(configMap.data['pgbouncer.ini'])?.[1];
    expect(writer.command.join(' ')).toContain(`> ${include}`);
    const writerEnv = Object.fromEntries(writer.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(writerEnv).toEqual({ DATABASE_NAME: settings.database.name, DATABASE_HOST: endpointRef('postgres', 'host'), DATABASE_PORT: endpointRef('postgres', 'port') });
    const written = runDatabasesWriter(writer.command[2], include!, { DATABASE_NAME: settings.database.name, DATABASE_HOST: 'db.internal.example', DATABASE_PORT: '5432' });
    expect(parseIni(written.file!)[`databases.${settings.database.name}`]).toBe(`host=db.internal.example port=5432 dbname=${settings.database.name}`);
    // A value that is not a host or a port stops the pod instead of writing settings into PgBouncer's config.
    for (const bad of [{ DATABASE_HOST: 'db auth_type=trust' }, { DATABASE_HOST: 'db\nauth_type = trust' }, { DATABASE_PORT: '5432 x' }, { DATABASE_HOST: '' }]) {
      expect(runDatabasesWriter(writer.command[2], include!, { DATABASE_NAME: 'moderation', DATABASE_HOST: 'db.internal.example', DATABASE_PORT: '5432', ...bad }).status).not.toBe(0);
    }
    expect(ini['pgbouncer.server_tls_sslmode']).toBe('verify-full');
    const ca = pod.volumes.find((v: any) => v.name === 'server-ca').secret;
    expect(ini['pgbouncer.server_tls_ca_file']).toBe(`${mountOf('pgbouncer', 'server-ca')}/${ca.items[0].path}`);
    const es = externalSecrets.find((e) => producedName(e) === ca.secretName)!;
    expect(producedKeys(es)).toContain(ca.items[0].key);
  });

  it('reads only Secrets that ExternalSecrets produce, with the keys it names, and rolls when any of them changes', () => {
    const refs = secretRefsOf(deployment);
    const produced = new Map(externalSecrets.map((es) => [producedName(es), producedKeys(es)]));
    for (const { name: secret, key } of refs.env) expect(produced.get(secret)).toContain(key);
    for (const volume of pod.volumes) {
      for (const source of [volume.secret && { name: volume.secret.secretName, items: volume.secret.items }, ...(volume.projected?.sources ?? []).map((s: any) => s.secret)].filter(Boolean)) {
        for (const item of source.items) expect({ secret: source.name, key: item.key, produced: produced.get(source.name)?.includes(item.key) }).toEqual({ secret: source.name, key: item.key, produced: true });
      }
    }
    const read = [...new Set([...refs.env.map((r) => r.name), ...refs.whole])].sort();
    expect(deployment.metadata.annotations![RELOADER_SECRET_ANNOTATION].split(',').sort()).toEqual(read);
  });

  it('rolls its pods when pgbouncer.ini changes', () => {
    const { objects: changed } = renderVariant(name, (i: any) => ((i.pooler ??= {}).pgbouncer = { ...i.pooler?.pgbouncer, defaultPoolSize: 7 }));
    const checksum = (d: KubeObject) => d.spec.template.metadata.annotations['checksum/config'];
    expect(parseIni(getObject(changed, 'ConfigMap', 'pgbouncer').data['pgbouncer.ini'])['pgbouncer.default_pool_size']).toBe('7');
    expect(checksum(getObject(changed, 'Deployment', 'pgbouncer'))).not.toBe(checksum(deployment));
  });

  it('takes its limits from the config the budget checks', () => {
    expect(Number(ini['pgbouncer.max_client_conn'])).toBe(settings.pgbouncer.maxClientConn);
    expect(Number(ini['pgbouncer.default_pool_size'])).toBe(settings.pgbouncer.defaultPoolSize);
    const hpa = getObject(objects, 'HorizontalPodAutoscaler', 'pgbouncer');
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([settings.pgbouncer.replicas.min, settings.pgbouncer.replicas.max]);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'pgbouncer' });
    expect(hpa.spec.metrics).toEqual([expect.objectContaining({ type: 'ContainerResource', containerResource: expect.objectContaining({ name: 'cpu', container: 'pgbouncer' }) })]);
    // The budget counts one pod above replicas.max during a rollout, and none below the count.
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: PGBOUNCER_ROLLOUT_SURGE, maxUnavailable: 0 });
    expect(deployment.spec.replicas).toBeUndefined();
  });

  it('runs pinned, maintained images: CloudNativePG\'s PgBouncer and the Prometheus community\'s exporter, by digest', () => {
    for (const c of containers) {
      expect(c.image).toMatch(/^(ghcr\.io\/cloudnative-pg\/pgbouncer|quay\.io\/prometheuscommunity\/pgbouncer-exporter):[\w.-]+@sha256:[a-f0-9]{64}$/);
      expect(c.imagePullPolicy).toBe('IfNotPresent');
    }
    expect(container('pgbouncer').image).toBe(`${PGBOUNCER_IMAGE.repository}:${PGBOUNCER_IMAGE.tag}@${PGBOUNCER_IMAGE.digest}`);
    expect(container('exporter').image).toBe(`${EXPORTER_IMAGE.repository}:${EXPORTER_IMAGE.tag}@${EXPORTER_IMAGE.digest}`);
    expect(deployment.metadata.labels!['app.kubernetes.io/version']).toBe(PGBOUNCER_IMAGE.tag);
  });

  it('meets the restricted Pod Security Standard in every container, the init container included', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const c of containers) {
      expect({ name: c.name, securityContext: c.securityContext }).toEqual({
        name: c.name,
        securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
      });
    }
  });

  it('sizes every container, disk included (requests equal limits), and serves at the serving priority', () => {
    for (const c of containers) {
      for (const resource of ['cpu', 'memory']) expect(parseQuantity(c.resources.requests[resource])).toBeLessThanOrEqual(parseQuantity(c.resources.limits[resource])!);
      expect(c.resources.requests['ephemeral-storage']).toBe(c.resources.limits['ephemeral-storage']);
    }
    expect(pod.priorityClassName).toBe(priorityClassName('serving'));
    expect(objects.filter((o) => o.kind === 'PriorityClass').map((o) => o.metadata.name)).toContain(pod.priorityClassName);
  });

  it('probes PgBouncer on its port, keeps one pod serving through a drain, spreads over zones as the cloud allows', () => {
    for (const probe of ['readinessProbe', 'livenessProbe']) expect(container('pgbouncer')[probe].tcpSocket).toEqual({ port: 'postgres' });
    const pdb = getObject(objects, 'PodDisruptionBudget', 'pgbouncer');
    expect(pdb.spec).toMatchObject({ maxUnavailable: 1, selector: deployment.spec.selector });
    if (target.environment === 'production') expect(settings.pgbouncer.replicas.min - pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    const zone = pod.topologySpreadConstraints.find((c: any) => c.topologyKey === 'topology.kubernetes.io/zone');
    expect(zone.whenUnsatisfiable).toBe(cloudProfile(target.cloud).zoneSpread);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(container('pgbouncer').lifecycle.preStop.sleep.seconds);
  });

  it('is scraped through a PodMonitor on the exporter\'s port, and serves clients through its Service', () => {
    const monitor = getObject(objects, 'PodMonitor', 'pgbouncer');
    expect(monitor.spec.selector).toEqual(deployment.spec.selector);
    expect(container('exporter').ports.map((p: any) => p.name)).toContain(monitor.spec.podMetricsEndpoints[0].port);
    const service = getObject(objects, 'Service', 'pgbouncer');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(container('pgbouncer').ports.find((p: any) => p.name === service.spec.ports[0].targetPort).containerPort).toBe(Number(ini['pgbouncer.listen_port']));
  });

  it('is where the services that use the database connect, each told its pool size; the others are not', () => {
    const service = getObject(objects, 'Service', 'pgbouncer');
    for (const name of POSTGRES_CLIENTS) {
      const env = envOf(getObject(objects, 'Deployment', name));
      expect([env.POSTGRES_HOST, env.POSTGRES_PORT]).toEqual([`pgbouncer.${target.namespace}.svc.cluster.local`, String(service.spec.ports[0].port)]);
      expect(env[POOL_SIZE_ENV]).toBe(String(settings.clientPools[name]));
    }
    for (const other of ['web', 'ml-inference']) expect(envOf(getObject(objects, 'Deployment', other))).not.toHaveProperty(POOL_SIZE_ENV);
  });
});

describe.each(managedTargets)('DigitalOcean\'s pools on %s', (name) => {
  const { target, files } = renderedTarget(name);
  const settings = poolerSettings(target);
  const objects = targetObjects(name);

  it('deploys no PgBouncer and syncs none of its credentials', () => {
    expect(files.map((f) => f.name)).not.toContain('pooler.yaml');
    expect(objects.filter((o) => o.metadata.name === 'pgbouncer')).toEqual([]);
    const synced = objects.filter((o) => o.kind === 'ExternalSecret').map(producedName);
    for (const spec of PGBOUNCER_CREDENTIALS) expect(synced).not.toContain(spec.secretName);
  });

  it('points the services at the pool: the database\'s host from its endpoint Secret, the pool\'s port, TLS verified against that host', () => {
    const port = settings.managedPool?.port ?? cloudProfile(target.cloud).postgres.managedPools!.port;
    expect(port).not.toBe(cloudProfile(target.cloud).estatePorts.postgres);
    for (const service of POSTGRES_CLIENTS) {
      const env = envOf(getObject(objects, 'Deployment', service));
      expect([env.POSTGRES_HOST, env.POSTGRES_PORT, env.POSTGRES_TLS_SERVER_NAME]).toEqual([endpointRef('postgres', 'host'), String(port), endpointRef('postgres', 'host')]);
      expect(env[POOL_SIZE_ENV]).toBe(String(settings.clientPools[service]));
    }
  });

  it('a pool port set in the overlay wins over the provider\'s', () => {
    const { objects: variant } = renderVariant(name, (i: any) => ((i.pooler ??= {}).managedPool = { ...i.pooler.managedPool, port: 25099 }));
    expect(envOf(getObject(variant, 'Deployment', 'moderation-api')).POSTGRES_PORT).toBe('25099');
  });
});
