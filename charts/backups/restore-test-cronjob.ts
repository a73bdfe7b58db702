import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Resources } from '../workloads/defaults';
import { batchJobSpec } from '../workloads/batch';
import { containerResources, diskBudget, restrictedContainerSecurityContext } from '../workloads/hardening';
import type { WorkloadImage } from '../workloads/workload';
import { EgressOnlyPolicy, objectStoreEnv, script, type Destination, type ObjectStoreLocation } from './access';
import { CRON_TIME_ZONE } from './backup-cronjob';

/** The restore test's objects are named after it: ServiceAccount, NetworkPolicy and CronJob `db-restore-test`. */
export const RESTORE_TEST_NAME = 'db-restore-test';

/** Downloading, decrypting and restoring the whole database, then checking it, must be over in 6 hours. */
export const RESTORE_DEADLINE_SECONDS = 6 * 3600;
/** A run the controller missed may start up to 12 hours late: the test is weekly, late is better than a week later. */
export const RESTORE_STARTING_DEADLINE_SECONDS = 12 * 3600;
/** No retry: a failed restore is a finding to look at, not noise to retry away (evictions are retried, see batchJobSpec). */
export const RESTORE_BACKOFF_LIMIT = 0;
/** Finished Jobs kept (with their pods' logs): a month of weekly runs. */
export const RESTORE_HISTORY = { successful: 4, failed: 4 } as const;
/**
 * The latest complete dump may be at most 2 days old: one missed night is the backup's own alert
 * (its failed Job); two mean the nightly dumps have stopped, which this test then reports too.
 */
export const MAX_DUMP_AGE_HOURS = 48;
/**
 * Days an expired dump may linger before the test reports the bucket's lifecycle rule missing:
 * object stores run expiration asynchronously, up to a day or two late.
 */
export const LIFECYCLE_SLACK_DAYS = 2;

/** The throw-away server: PostgreSQL on loopback only, trusting local connections, in the pod's own network namespace. */
export const LOCAL_SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const;
/** The server is ready when it accepts connections on loopback, within 5 minutes (initdb and start). */
const SERVER_STARTUP = { periodSeconds: 2, failureThreshold: 150 } as const;
/**
 * A throw-away database needs no durability: no fsync, no full-page writes, no synchronous commit,
 * so the restore runs at the speed of the disk, and index builds get more memory.
 */
const SERVER_SETTINGS = ['listen_addresses=127.0.0.1', 'fsync=off', 'full_page_writes=off', 'synchronous_commit=off', 'maintenance_work_mem=256MB'];

/** Where the server keeps its data; PGDATA is a directory below it, which initdb creates with its own permissions. */
const DATA = { name: 'data', mountPath: '/var/lib/postgresql/restore' } as const;
/** The server's socket and lock file. */
const RUN = { name: 'run', mountPath: '/var/run/postgresql', sizeLimit: '16Mi' } as const;
/** Temporary files of every container (the AWS CLI's HOME, the entrypoint's nss_wrapper files). */
const TMP = { name: 'tmp', mountPath: '/tmp', sizeLimit: '256Mi' } as const;
/** Where the age identity is mounted, read-only, in the restore container only. */
const IDENTITY = { name: 'age-identity', mountPath: '/var/run/secrets/age', file: 'identity' } as const;

type Sizing = { readonly requests: Resources; readonly limits: Resources };
/** The server restoring and indexing the database; the client containers stream or query. */
const RESOURCES: Readonly<Record<'server' | 'restore' | 'schema' | 'tables', Sizing>> = {
  server: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  restore: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  schema: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  tables: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
};

export interface RestoreTestCronJobProps {
  readonly namespace: string;
  /** Labels of every object and of the pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the pods, for the NetworkPolicy. */
  readonly selector: Readonly<Record<string, string>>;
  readonly images: {
    /** The backup tools image: the AWS CLI, age, pg_restore and psql. */
    readonly tools: WorkloadImage;
    /** The throw-away PostgreSQL server, of the dumped major. */
    readonly server: WorkloadImage;
    /** The deployed moderation-api image, whose Alembic head the restored schema must be at. */
    readonly api: WorkloadImage;
  };
  /** Cron schedule, in UTC. */
  readonly schedule: string;
  /** The name of the dumped database, restored under the same name. */
  readonly database: string;
  /** Tables that must hold rows after the restore (validated SQL names). */
  readonly nonEmptyTables: readonly string[];
  /** Days dumps are kept: an older one means the bucket's lifecycle rule does not work. */
  readonly retentionDays: number;
  /** Size limit of the emptyDir the restored database lives in. */
  readonly scratchSize: string;
  readonly objectStore: ObjectStoreLocation;
  /** The Secret key holding the age identity, mounted as a file. */
  readonly identitySecret: { readonly name: string; readonly key: string };
  /** The object store key's environment where there is one, from Secret references. @default none */
  readonly credentialsEnv?: readonly k8s.EnvVar[];
  /** Where the cloud hands pods their identity (EKS Pod Identity agent), for the object store. @default none */
  readonly identityAgent?: Destination;
  /** Secrets the kubelet pulls the images with. @default none */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * The weekly restore test: a CronJob whose pod runs its own PostgreSQL (a native sidecar: an init
 * container with `restartPolicy: Always`, data in an emptyDir), restores the latest complete dump
 * into it (./scripts/restore.sh), then checks that the schema is at the Alembic head of the deployed
 * moderation-api image (./scripts/check-schema.sh) and that key tables hold rows
 * (./scripts/check-tables.sh). Any failure fails the Job; nothing touches the production database,
 * which the pod cannot even reach: its NetworkPolicy allows the object store (and the identity agent) only.
 */
export class RestoreTestCronJob extends Construct {
  readonly cronJob: k8s.KubeCronJob;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly networkPolicy: EgressOnlyPolicy;

  constructor(scope: Construct, id: string, props: RestoreTestCronJobProps) {
    super(scope, id);
    const { namespace, images } = props;
    const labels = { ...props.labels };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: RESTORE_TEST_NAME, namespace, labels },
      automountServiceAccountToken: false,
    });

    this.networkPolicy = new EgressOnlyPolicy(this, 'network-policy', {
      name: RESTORE_TEST_NAME,
      namespace,
      labels,
      selector: props.selector,
      destinations: [props.objectStore, ...(props.identityAgent ? [props.identityAgent] : [])],
    });

    const libpq: k8s.EnvVar[] = [
      { name: 'PGHOST', value: LOCAL_SERVER.host },
      { name: 'PGPORT', value: String(LOCAL_SERVER.port) },
      { name: 'PGUSER', value: LOCAL_SERVER.user },
      { name: 'PGDATABASE', value: props.database },
      // Loopback inside the pod: nothing to encrypt against.
      { name: 'PGSSLMODE', value: 'disable' },
    ];
    const tmp = { name: TMP.name, mountPath: TMP.mountPath };
    const container = (name: string, image: WorkloadImage, sizing: Sizing, disk: string) => ({
      name,
      image: image.reference,
      imagePullPolicy: image.pullPolicy,
      resources: containerResources(sizing, disk),
      securityContext: restrictedContainerSecurityContext(),
    });
    const logsOnly = diskBudget([]);

    const server: k8s.Container = {
      ...container('postgres', images.server, RESOURCES.server, diskBudget([props.scratchSize, RUN.sizeLimit, TMP.sizeLimit])),
      // A native sidecar: started before the restore, stopped once the checks have finished.
      restartPolicy: 'Always',
      args: ['postgres', ...SERVER_SETTINGS.flatMap((setting) => ['-c', setting])],
      env: [
        { name: 'PGDATA', value: `${DATA.mountPath}/pgdata` },
        { name: 'POSTGRES_DB', value: props.database },
        { name: 'POSTGRES_HOST_AUTH_METHOD', value: 'trust' },
      ],
      startupProbe: {
        exec: { command: ['pg_isready', '--host', LOCAL_SERVER.host, '--port', String(LOCAL_SERVER.port), '--username', LOCAL_SERVER.user, '--dbname', props.database] },
        ...SERVER_STARTUP,
      },
      volumeMounts: [{ name: DATA.name, mountPath: DATA.mountPath }, { name: RUN.name, mountPath: RUN.mountPath }, tmp],
    };

    const restore: k8s.Container = {
      ...container('restore', images.tools, RESOURCES.restore, logsOnly),
      command: ['bash', '-c', script('restore.sh')],
      env: [
        ...libpq,
        ...objectStoreEnv(props.objectStore),
        { name: 'AGE_IDENTITY_FILE', value: `${IDENTITY.mountPath}/${IDENTITY.file}` },
        { name: 'MAX_DUMP_AGE_HOURS', value: String(MAX_DUMP_AGE_HOURS) },
        { name: 'RETENTION_DAYS', value: String(props.retentionDays) },
        { name: 'LIFECYCLE_SLACK_DAYS', value: String(LIFECYCLE_SLACK_DAYS) },
        { name: 'HOME', value: TMP.mountPath },
        ...(props.credentialsEnv ?? []),
      ],
      volumeMounts: [{ name: IDENTITY.name, mountPath: IDENTITY.mountPath, readOnly: true }, tmp],
    };

    const checkSchema: k8s.Container = {
      ...container('check-schema', images.api, RESOURCES.schema, logsOnly),
      command: ['sh', '-c', script('check-schema.sh')],
      env: [
        { name: 'POSTGRES_HOST', value: LOCAL_SERVER.host },
        { name: 'POSTGRES_PORT', value: String(LOCAL_SERVER.port) },
        { name: 'POSTGRES_USER', value: LOCAL_SERVER.user },
        { name: 'POSTGRES_DB', value: props.database },
        { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
      ],
      volumeMounts: [tmp],
    };

    const checkTables: k8s.Container = {
      ...container('check-tables', images.tools, RESOURCES.tables, logsOnly),
      command: ['bash', '-c', script('check-tables.sh')],
      env: [...libpq, { name: 'NON_EMPTY_TABLES', value: props.nonEmptyTables.join(' ') }],
      volumeMounts: [tmp],
    };

    this.cronJob = new k8s.KubeCronJob(this, 'cron-job', {
      metadata: { name: RESTORE_TEST_NAME, namespace, labels },
      spec: {
        schedule: props.schedule,
        timeZone: CRON_TIME_ZONE,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: RESTORE_STARTING_DEADLINE_SECONDS,
        successfulJobsHistoryLimit: RESTORE_HISTORY.successful,
        failedJobsHistoryLimit: RESTORE_HISTORY.failed,
        jobTemplate: {
          metadata: { labels },
          spec: batchJobSpec({
            podLabels: labels,
            backoffLimit: RESTORE_BACKOFF_LIMIT,
            activeDeadlineSeconds: RESTORE_DEADLINE_SECONDS,
            pod: {
              serviceAccountName: RESTORE_TEST_NAME,
              imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
              initContainers: [server, restore],
              containers: [checkSchema, checkTables],
              volumes: [
                { name: DATA.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(props.scratchSize) } },
                { name: RUN.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(RUN.sizeLimit) } },
                { name: TMP.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP.sizeLimit) } },
                {
                  name: IDENTITY.name,
                  // Read-only to the pod's group (fsGroup) only.
                  secret: { secretName: props.identitySecret.name, items: [{ key: props.identitySecret.key, path: IDENTITY.file }], defaultMode: 0o440 },
                },
              ],
            },
          }),
        },
      },
    });
  }
}
