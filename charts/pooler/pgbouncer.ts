import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import type { Resources } from '../workloads/defaults';
import { containerResources, diskBudget, restrictedContainerSecurityContext } from '../workloads/hardening';
import { DeploymentWithPreStopSleep, HPA_CPU_UTILIZATION, SCALE_DOWN, SCALE_UP, servingPodBase } from '../workloads/workload';
import { PGBOUNCER_ROLLOUT_SURGE } from './budget';
import { DATABASES_SECTION_FORMAT, pgbouncerIni, type PgBouncerDatabase } from './pgbouncer-ini';

/** An image pinned by tag (for people) and digest (what runs). */
export interface PinnedImage {
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
}

/**
 * CloudNativePG's PgBouncer image (Debian slim, PgBouncer from the PostgreSQL apt repository),
 * 1.25.2: fixes CVE-2026-6664 (an unauthenticated crash through a malformed SCRAM message) among
 * others. The tag is rebuilt when Debian updates; the digest pins one build (docs/features/pooler.md
 * says where it comes from and how to move it).
 */
export const PGBOUNCER_IMAGE: PinnedImage = {
  repository: 'ghcr.io/cloudnative-pg/pgbouncer',
  tag: '1.25.2',
  digest: 'sha256:15c9765980546b8660ff105c06ad6ef9d2001fb9c5b31400021a1952cbe49930',
};

/** The Prometheus community's PgBouncer exporter: reads `SHOW STATS/POOLS/...` on the admin console. */
export const EXPORTER_IMAGE: PinnedImage = {
  repository: 'quay.io/prometheuscommunity/pgbouncer-exporter',
  tag: 'v0.12.1',
  digest: 'sha256:30f31b6c2efdad3647f8182cc7c1a3a19e42bae5d17387694989f969371c230d',
};

const reference = (image: PinnedImage) => `${image.repository}:${image.tag}@${image.digest}`;

/** The name of every object of the pooler: Deployment, Service, ConfigMap, ServiceAccount... */
export const PGBOUNCER_NAME = 'pgbouncer';
/** The in-cluster name of PgBouncer's Service, which clients connect to. */
export const pgbouncerHost = (namespace: string) => `${PGBOUNCER_NAME}.${namespace}.svc.cluster.local`;
/** The port clients connect to (PgBouncer's own default). */
export const PGBOUNCER_PORT = 6432;
/** The exporter's metrics port (its default). */
export const EXPORTER_PORT = 9127;
/** The admin-console user the exporter logs in as; only `SHOW` commands are open to it. */
export const STATS_USER = 'pgbouncer_exporter';

/**
 * Seconds a terminating PgBouncer keeps serving its clients after the preStop pause: on SIGTERM it
 * accepts no one new and waits for its clients to leave (PgBouncer 1.23+), so their pools move to
 * the other replicas as they recycle connections; whoever is left then is cut.
 */
const DRAIN_SECONDS = 60;

/** PgBouncer runs one thread: a core at most; memory is a few KiB per client plus the prepared-statement cache. */
const PGBOUNCER_RESOURCES: { readonly requests: Resources; readonly limits: Resources } = {
  requests: { cpu: '100m', memory: '64Mi' },
  limits: { cpu: '1', memory: '256Mi' },
};
const EXPORTER_RESOURCES: { readonly requests: Resources; readonly limits: Resources } = {
  requests: { cpu: '10m', memory: '32Mi' },
  limits: { cpu: '100m', memory: '64Mi' },
};
const AUTH_FILE_WRITER_RESOURCES: { readonly requests: Resources; readonly limits: Resources } = {
  requests: { cpu: '10m', memory: '16Mi' },
  limits: { cpu: '100m', memory: '32Mi' },
};

/** Probe timing: PgBouncer starts in milliseconds, so no startup probe. */
const READINESS = { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1 } as const;
const LIVENESS = { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 } as const;

/** Where the files sit in the containers. */
const PATHS = {
  config: '/etc/pgbouncer',
  serverCa: '/etc/pgbouncer-tls',
  logins: '/etc/pgbouncer-logins',
  auth: '/run/pgbouncer',
} as const;
const CONFIG_FILE = 'pgbouncer.ini';
const STATS_USER_KEY = 'stats-user';
const AUTH_FILE = `${PATHS.auth}/userlist.txt`;
/** The `[databases]` section, written at start from the database's endpoint Secret, beside the auth file. */
const DATABASES_FILE = `${PATHS.auth}/databases.ini`;
/** The auth file lives in memory, never on the node's disk. */
const AUTH_VOLUME_SIZE = '1Mi';
/** Projected credentials are readable by the pod's group (fsGroup) only. */
const CREDENTIALS_MODE = 0o440;

/**
 * Writes PgBouncer's auth file from the projected logins, one `"user" "password"` line per login
 * folder, double quotes doubled as the format wants; private to the user (umask). An assignment
 * fails the script when a file is missing, where a failed substitution inside `printf` would not.
 */
const WRITE_AUTH_FILE = `set -eu
umask 077
escape() { sed 's/"/""/g' "$1"; }
for login in ${PATHS.logins}/*/; do
  user=$(escape "\${login}username")
  password=$(escape "\${login}password")
  printf '"%s" "%s"\\n' "$user" "$password"
done > ${AUTH_FILE}
`;

/** The variables the `[databases]` writer reads. */
const DATABASE_ENV = { name: 'DATABASE_NAME', host: 'DATABASE_HOST', port: 'DATABASE_PORT' } as const;

/**
 * Writes the `[databases]` section PgBouncer includes, from the endpoint Secret's host and port,
 * after checking them: a host that is not a DNS name or a port that is not a number stops the pod
 * (it would otherwise inject settings into PgBouncer's config).
 */
const WRITE_DATABASES_FILE = `set -eu
umask 077
case "$${DATABASE_ENV.host}" in ''|*[!A-Za-z0-9.-]*) echo "pgbouncer: the database host is not a DNS name" >&2; exit 1 ;; esac
case "$${DATABASE_ENV.port}" in ''|*[!0-9]*) echo "pgbouncer: the database port is not a number" >&2; exit 1 ;; esac
printf '${DATABASES_SECTION_FORMAT}' "$${DATABASE_ENV.name}" "$${DATABASE_ENV.host}" "$${DATABASE_ENV.port}" "$${DATABASE_ENV.name}" > ${DATABASES_FILE}
`;

/** A key of a Secret. */
export interface SecretKey {
  readonly secretName: string;
  readonly key: string;
}

/** A database user that connects through PgBouncer, with its password, from a Secret that holds both. */
export interface PgBouncerLogin {
  /** For its folder in the pod: the service it belongs to. */
  readonly name: string;
  readonly secretName: string;
  readonly usernameKey: string;
  readonly passwordKey: string;
}

export interface PgBouncerProps {
  readonly namespace: string;
  /** Labels of every object: ownership, `app.kubernetes.io/*`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the pods: stable, never the version. */
  readonly selector: Readonly<Record<string, string>>;
  readonly database: PgBouncerDatabase;
  /** The users clients connect as: PgBouncer checks their passwords and logs in to the server with them. */
  readonly logins: readonly PgBouncerLogin[];
  /** The password of the exporter's admin-console user (`STATS_USER`). */
  readonly statsPassword: SecretKey;
  /** The CA bundle the database's certificate chains to. */
  readonly serverCa: SecretKey;
  readonly maxClientConn: number;
  readonly defaultPoolSize: number;
  /** Autoscaler bounds. */
  readonly replicas: { readonly min: number; readonly max: number };
  readonly priorityClassName: string;
  /** How strictly replicas spread over zones. @default 'DoNotSchedule' */
  readonly zoneSpread?: 'DoNotSchedule' | 'ScheduleAnyway';
  /** Annotations of the Deployment, e.g. Reloader's for the Secrets above. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Secrets the kubelet pulls the images with. @default none */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * PgBouncer in transaction mode in front of the managed PostgreSQL: a Deployment whose init
 * containers write the auth file into memory from the logins' Secrets and the `[databases]` section
 * from the database's endpoint Secret, PgBouncer with its config
 * from a ConfigMap (rolled when it changes), and the Prometheus exporter beside it; a Service, an
 * HPA on PgBouncer's own CPU, a PodDisruptionBudget and a PodMonitor. Every container runs the
 * restricted security context with a read-only root filesystem.
 */
export class PgBouncer extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly configMap: k8s.KubeConfigMap;
  readonly autoscaler: k8s.KubeHorizontalPodAutoscalerV2;
  readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  readonly podMonitor: PodMonitor;
  /** The in-cluster name clients connect to. */
  readonly host: string;
  readonly port = PGBOUNCER_PORT;

  constructor(scope: Construct, id: string, props: PgBouncerProps) {
    super(scope, id);
    const name = PGBOUNCER_NAME;
    const metadata = { name, namespace: props.namespace, labels: { ...props.labels } };
    const selector = { matchLabels: { ...props.selector } };
    this.host = pgbouncerHost(props.namespace);

    const ini = pgbouncerIni({
      databasesFile: DATABASES_FILE,
      listenPort: PGBOUNCER_PORT,
      maxClientConn: props.maxClientConn,
      defaultPoolSize: props.defaultPoolSize,
      authFile: AUTH_FILE,
      serverCaFile: `${PATHS.serverCa}/${props.serverCa.key}`,
      statsUser: STATS_USER,
    });
    this.configMap = new k8s.KubeConfigMap(this, 'config', { metadata, data: { [CONFIG_FILE]: ini, [STATS_USER_KEY]: STATS_USER } });

    new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });

    this.deployment = new DeploymentWithPreStopSleep(this, 'deployment', {
      metadata: { ...metadata, annotations: props.annotations ? { ...props.annotations } : undefined },
      spec: {
        // No `replicas`: the autoscaler owns the count.
        selector,
        strategy: {
          type: 'RollingUpdate',
          // One extra pod at a time and none below the count: the budget counts the extra pod.
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(PGBOUNCER_ROLLOUT_SURGE) },
        },
        template: {
          // A changed pgbouncer.ini rolls the pods: PgBouncer reads it at start.
          metadata: { labels: { ...props.labels }, annotations: { 'checksum/config': createHash('sha256').update(ini).digest('hex') } },
          spec: this.podSpec(props),
        },
      },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: { ...props.selector },
        ports: [{ name: 'postgres', port: PGBOUNCER_PORT, targetPort: k8s.IntOrString.fromString('postgres'), protocol: 'TCP', appProtocol: 'postgresql' }],
      },
    });

    // PgBouncer is one thread: its own CPU, not the pod's (the exporter's is noise), says when to add one.
    this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: props.replicas.min,
        maxReplicas: props.replicas.max,
        metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: name, target: { type: 'Utilization', averageUtilization: HPA_CPU_UTILIZATION } } }],
        behavior: { scaleUp: SCALE_UP, scaleDown: SCALE_DOWN },
      },
    });

    // One pod at a time may be evicted: with two or more in production, clients always have one.
    this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata,
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });

    this.podMonitor = new PodMonitor(this, 'pod-monitor', {
      metadata,
      spec: { selector, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }] },
    });
  }

  private podSpec(props: PgBouncerProps): k8s.PodSpec {
    const logs = diskBudget([]);
    const mount = (volume: string, mountPath: string, readOnly = true): k8s.VolumeMount => ({ name: volume, mountPath, readOnly });
    const statsLogin = 'stats';
    return {
      ...servingPodBase({ serviceAccountName: PGBOUNCER_NAME, priorityClassName: props.priorityClassName, drainSeconds: DRAIN_SECONDS, imagePullSecrets: props.imagePullSecrets, selector: props.selector, zoneSpread: props.zoneSpread }),
      initContainers: [
        {
          name: 'auth-file',
          image: reference(PGBOUNCER_IMAGE),
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/sh', '-c', WRITE_AUTH_FILE],
          resources: containerResources(AUTH_FILE_WRITER_RESOURCES, logs),
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [mount('logins', PATHS.logins), mount('auth', PATHS.auth, false)],
        },
        {
          name: 'databases',
          image: reference(PGBOUNCER_IMAGE),
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/sh', '-c', WRITE_DATABASES_FILE],
          env: [
            { name: DATABASE_ENV.name, value: props.database.name },
            { name: DATABASE_ENV.host, valueFrom: props.database.host },
            { name: DATABASE_ENV.port, valueFrom: props.database.port },
          ],
          resources: containerResources(AUTH_FILE_WRITER_RESOURCES, logs),
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [mount('auth', PATHS.auth, false)],
        },
      ],
      containers: [
        {
          name: PGBOUNCER_NAME,
          image: reference(PGBOUNCER_IMAGE),
          imagePullPolicy: 'IfNotPresent',
          command: ['/usr/sbin/pgbouncer', `${PATHS.config}/${CONFIG_FILE}`],
          ports: [{ name: 'postgres', containerPort: PGBOUNCER_PORT, protocol: 'TCP' }],
          resources: containerResources(PGBOUNCER_RESOURCES, logs),
          readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('postgres') }, ...READINESS },
          livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('postgres') }, ...LIVENESS },
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [mount('config', PATHS.config), mount('server-ca', PATHS.serverCa), mount('auth', PATHS.auth)],
        },
        {
          name: 'exporter',
          image: reference(EXPORTER_IMAGE),
          imagePullPolicy: 'IfNotPresent',
          // The password comes from PGPASSWORD (libpq's variable, which the exporter's driver reads), never the URL.
          args: [`--pgBouncer.connectionString=postgres://${STATS_USER}@127.0.0.1:${PGBOUNCER_PORT}/pgbouncer?sslmode=disable`, `--web.listen-address=:${EXPORTER_PORT}`],
          env: [{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: props.statsPassword.secretName, key: props.statsPassword.key, optional: false } } }],
          ports: [{ name: 'metrics', containerPort: EXPORTER_PORT, protocol: 'TCP' }],
          resources: containerResources(EXPORTER_RESOURCES, logs),
          // Its landing page: /metrics would log in to PgBouncer on every probe.
          readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('metrics') }, ...READINESS },
          securityContext: restrictedContainerSecurityContext(),
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: PGBOUNCER_NAME, items: [{ key: CONFIG_FILE, path: CONFIG_FILE }] } },
        { name: 'server-ca', secret: { secretName: props.serverCa.secretName, items: [{ key: props.serverCa.key, path: props.serverCa.key }], defaultMode: CREDENTIALS_MODE } },
        {
          name: 'logins',
          projected: {
            defaultMode: CREDENTIALS_MODE,
            sources: [
              ...props.logins.map((login) => ({
                secret: {
                  name: login.secretName,
                  items: [
                    { key: login.usernameKey, path: `${login.name}/username` },
                    { key: login.passwordKey, path: `${login.name}/password` },
                  ],
                },
              })),
              { configMap: { name: PGBOUNCER_NAME, items: [{ key: STATS_USER_KEY, path: `${statsLogin}/username` }] } },
              { secret: { name: props.statsPassword.secretName, items: [{ key: props.statsPassword.key, path: `${statsLogin}/password` }] } },
            ],
          },
        },
        { name: 'auth', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString(AUTH_VOLUME_SIZE) } },
      ],
    };
  }
}
