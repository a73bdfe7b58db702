import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Resources } from '../workloads/defaults';
import { batchJobSpec } from '../workloads/batch';
import { containerResources, diskBudget, restrictedContainerSecurityContext } from '../workloads/hardening';
import type { WorkloadImage } from '../workloads/workload';
import { EgressOnlyPolicy, objectStoreEnv, script, type Destination, type ObjectStoreLocation } from './access';

/** The backup's objects are named after it: ServiceAccount, NetworkPolicy and CronJob `db-backup`. */
export const BACKUP_NAME = 'db-backup';

/** Kubernetes runs every platform CronJob in UTC, whatever the controller's zone. */
export const CRON_TIME_ZONE = 'Etc/UTC';

/**
 * A night's dump and upload must be over in 3 hours, before the business day's load; a run past it
 * is killed and fails loudly instead of overlapping the morning.
 */
export const BACKUP_DEADLINE_SECONDS = 3 * 3600;
/** A run the controller missed (a control-plane upgrade) may start up to 2 hours late, still at night; later, the next night's runs. */
export const BACKUP_STARTING_DEADLINE_SECONDS = 2 * 3600;
/** One retry, for a transient failure (a failover, a dropped upload); it starts the dump over, within the same deadline. */
export const BACKUP_BACKOFF_LIMIT = 1;
/** Finished Jobs kept (with their pods' logs): three nights of each, to compare a failure with the runs before it. */
export const BACKUP_HISTORY = { successful: 3, failed: 3 } as const;
/**
 * pg_dump waits at most this long for its table locks, then fails: a migration holding an exclusive
 * lock is not stuck behind the dump for the night, and the dump is retried (`BACKUP_BACKOFF_LIMIT`).
 */
export const DUMP_LOCK_WAIT_TIMEOUT = '5min';
/** Seconds libpq waits for the server to answer a connection. */
const CONNECT_TIMEOUT_SECONDS = 10;
/**
 * The server's certificate is verified against the system trust store of the tools image, to which
 * its build adds the managed database's CA (docs/features/backups.md).
 */
const SYSTEM_TRUST_STORE = '/etc/ssl/certs/ca-certificates.crt';

/** pg_dump compresses the stream, age encrypts it, the AWS CLI uploads it in 8 MiB parts: a core and little memory. */
const RESOURCES: { readonly requests: Resources; readonly limits: Resources } = {
  requests: { cpu: '250m', memory: '256Mi' },
  limits: { cpu: '1', memory: '1Gi' },
};
/** Temporary files of psql and the AWS CLI (its HOME); the dump itself is streamed, never written. */
const TMP = { name: 'tmp', mountPath: '/tmp', sizeLimit: '256Mi' } as const;

/**
 * The database that is dumped: its managed host (verified by TLS) and port, read from its endpoint
 * Secret at start; its name; its addresses and port for the NetworkPolicy.
 */
export interface DumpedDatabase extends Destination {
  readonly host: k8s.EnvVarSource;
  readonly portFrom: k8s.EnvVarSource;
  readonly name: string;
}

export interface BackupCronJobProps {
  readonly namespace: string;
  /** Labels of every object and of the pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the pods, for the NetworkPolicy. */
  readonly selector: Readonly<Record<string, string>>;
  /** The backup tools image (pg_dump of the server's major, age, AWS CLI). */
  readonly image: WorkloadImage;
  /** Cron schedule, in UTC. */
  readonly schedule: string;
  readonly database: DumpedDatabase;
  readonly objectStore: ObjectStoreLocation;
  /** The age recipient every dump is encrypted to. */
  readonly ageRecipient: string;
  /** The credentials' environment (PGUSER/PGPASSWORD, and the object store key where there is one), from Secret references. */
  readonly credentialsEnv: readonly k8s.EnvVar[];
  /** Where the cloud hands pods their identity (EKS Pod Identity agent), for the object store. @default none: a key in `credentialsEnv` */
  readonly identityAgent?: Destination;
  /** Secrets the kubelet pulls the image with. @default none */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * The nightly logical backup: a CronJob whose pod streams `pg_dump --format=custom` through
 * `age --encrypt` to the object store (./scripts/backup.sh), with its ServiceAccount (on EKS, bound
 * to an IAM role by a Pod Identity association) and a NetworkPolicy that lets it reach the database,
 * the object store and the identity agent only. Runs never overlap (`Forbid`).
 */
export class BackupCronJob extends Construct {
  readonly cronJob: k8s.KubeCronJob;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly networkPolicy: EgressOnlyPolicy;

  constructor(scope: Construct, id: string, props: BackupCronJobProps) {
    super(scope, id);
    const { namespace, database } = props;
    const labels = { ...props.labels };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: BACKUP_NAME, namespace, labels },
      automountServiceAccountToken: false,
    });

    this.networkPolicy = new EgressOnlyPolicy(this, 'network-policy', {
      name: BACKUP_NAME,
      namespace,
      labels,
      selector: props.selector,
      destinations: [database, props.objectStore, ...(props.identityAgent ? [props.identityAgent] : [])],
    });

    const env: k8s.EnvVar[] = [
      { name: 'PGHOST', valueFrom: database.host },
      { name: 'PGPORT', valueFrom: database.portFrom },
      { name: 'PGDATABASE', value: database.name },
      { name: 'PGSSLMODE', value: 'verify-full' },
      { name: 'PGSSLROOTCERT', value: SYSTEM_TRUST_STORE },
      { name: 'PGCONNECT_TIMEOUT', value: String(CONNECT_TIMEOUT_SECONDS) },
      { name: 'PGAPPNAME', value: BACKUP_NAME },
      { name: 'DUMP_LOCK_WAIT_TIMEOUT', value: DUMP_LOCK_WAIT_TIMEOUT },
      { name: 'AGE_RECIPIENT', value: props.ageRecipient },
      ...objectStoreEnv(props.objectStore),
      { name: 'HOME', value: TMP.mountPath },
      ...props.credentialsEnv,
    ];

    this.cronJob = new k8s.KubeCronJob(this, 'cron-job', {
      metadata: { name: BACKUP_NAME, namespace, labels },
      spec: {
        schedule: props.schedule,
        timeZone: CRON_TIME_ZONE,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: BACKUP_STARTING_DEADLINE_SECONDS,
        successfulJobsHistoryLimit: BACKUP_HISTORY.successful,
        failedJobsHistoryLimit: BACKUP_HISTORY.failed,
        jobTemplate: {
          metadata: { labels },
          spec: batchJobSpec({
            podLabels: labels,
            backoffLimit: BACKUP_BACKOFF_LIMIT,
            activeDeadlineSeconds: BACKUP_DEADLINE_SECONDS,
            pod: {
              serviceAccountName: BACKUP_NAME,
              imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
              containers: [
                {
                  name: 'backup',
                  image: props.image.reference,
                  imagePullPolicy: props.image.pullPolicy,
                  command: ['bash', '-c', script('backup.sh')],
                  env,
                  resources: containerResources(RESOURCES, diskBudget([TMP.sizeLimit])),
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMounts: [{ name: TMP.name, mountPath: TMP.mountPath }],
                },
              ],
              volumes: [{ name: TMP.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP.sizeLimit) } }],
            },
          }),
        },
      },
    });
  }
}
