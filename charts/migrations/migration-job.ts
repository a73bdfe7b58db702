import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Resources } from '../workloads/defaults';
import { batchJobSpec } from '../workloads/batch';
import { containerResources, diskBudget, restrictedContainerSecurityContext } from '../workloads/hardening';
import type { WorkloadImage } from '../workloads/workload';

/** The migration's objects are named after it: ServiceAccount and NetworkPolicy `db-migrate`, Job `db-migrate-<hash>`. */
export const MIGRATION_NAME = 'db-migrate';

/** Hex digits of the spec's SHA-256 in the Job's name: 40 bits, no collision across a project's releases. */
const NAME_HASH_LENGTH = 10;

/**
 * The Job's name for its spec: `db-migrate-<first 10 hex digits of the spec's SHA-256>`. The spec
 * holds the image, so every release gets its own Job, as does any other change to it (the database
 * it migrates, in a cutover): a Job's pod template is immutable, so `kubectl apply` of a changed Job
 * under the same name fails, and a finished Job of the same name would not run again. The same spec
 * keeps its name, so re-applying a release is a no-op.
 */
export function migrationJobName(spec: k8s.JobSpec): string {
  return `${MIGRATION_NAME}-${createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, NAME_HASH_LENGTH)}`;
}

/**
 * Argo CD sync hooks: `PreSync` runs before any other object of the sync is applied, in waves (the
 * policy before the Job); `BeforeHookCreation` deletes the previous hook only when the next sync
 * creates it again, so a failed Job stays for inspection (`HookSucceeded` would delete a passed one,
 * `HookFailed` the very one to inspect).
 */
export const PRE_SYNC_HOOK = { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' } as const;
const WAVE = 'argocd.argoproj.io/sync-wave';

/** One retry, for a transient failure (a database failover mid-run); a second identical failure is the migration's, and retrying only delays the failed release. */
export const MIGRATION_BACKOFF_LIMIT = 1;

/**
 * A finished Job, with its pods and their logs, is kept 7 days. The TTL deletes failed Jobs too, so
 * it must outlast the time to look at one: a release that fails on a Friday evening is still there
 * after a long weekend. Argo CD replaces the Job at the next sync anyway; the TTL is what cleans up
 * after `kubectl apply` releases (one Job per release).
 */
export const MIGRATION_TTL_SECONDS = 7 * 24 * 3600;

/** Alembic with SQLAlchemy: a Python process holding the migration scripts, nothing more. */
const RESOURCES: { readonly requests: Resources; readonly limits: Resources } = {
  requests: { cpu: '100m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};
/** The only writable path: Python's and libpq's temporary files. */
const TMP = { name: 'tmp', mountPath: '/tmp', sizeLimit: '256Mi' } as const;

/** The database the migration reaches, by address (never through a pooler). */
export interface DatabaseDestination {
  readonly cidrs: readonly string[];
  readonly port: number;
}

export interface MigrationJobProps {
  readonly namespace: string;
  /** Labels of every object and of the pod. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the pod, for its NetworkPolicy (a subset of `labels` that never changes). */
  readonly selector: Readonly<Record<string, string>>;
  /** The application image that holds the migrations (moderation-api). */
  readonly image: WorkloadImage;
  /** The migration command. @default ['alembic', 'upgrade', 'head'] */
  readonly command?: readonly string[];
  /** Where the database is and the DDL login, as environment variables. */
  readonly env: readonly k8s.EnvVar[];
  readonly database: DatabaseDestination;
  /** Seconds the Job may run, retries included. */
  readonly activeDeadlineSeconds: number;
  /** Secrets the kubelet pulls the image with. @default none */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * The schema migration of a release, run before the new pods: a ServiceAccount without token, the
 * Job (an Argo CD `PreSync` hook, named after its spec) and its NetworkPolicy (a `PreSync` hook of
 * an earlier wave, so a release that moves the database opens the way before the Job runs).
 * Nothing may connect to the pod; it may connect to the database's addresses and port only (DNS is
 * allowed namespace-wide).
 */
export class MigrationJob extends Construct {
  readonly job: k8s.KubeJob;
  readonly networkPolicy: k8s.KubeNetworkPolicy;
  readonly serviceAccount: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const { namespace } = props;
    const labels = { ...props.labels };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: MIGRATION_NAME, namespace, labels },
      automountServiceAccountToken: false,
    });

    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: MIGRATION_NAME, namespace, labels, annotations: { ...PRE_SYNC_HOOK, [WAVE]: '-1' } },
      spec: {
        podSelector: { matchLabels: { ...props.selector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [],
        egress: [
          {
            to: props.database.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(props.database.port) }],
          },
        ],
      },
    });

    const spec = batchJobSpec({
      podLabels: labels,
      backoffLimit: MIGRATION_BACKOFF_LIMIT,
      activeDeadlineSeconds: props.activeDeadlineSeconds,
      ttlSecondsAfterFinished: MIGRATION_TTL_SECONDS,
      pod: {
        serviceAccountName: MIGRATION_NAME,
        imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
        containers: [
          {
            name: 'migrate',
            image: props.image.reference,
            imagePullPolicy: props.image.pullPolicy,
            command: [...(props.command ?? ['alembic', 'upgrade', 'head'])],
            env: [...props.env],
            resources: containerResources(RESOURCES, diskBudget([TMP.sizeLimit])),
            securityContext: restrictedContainerSecurityContext(),
            volumeMounts: [{ name: TMP.name, mountPath: TMP.mountPath }],
          },
        ],
        volumes: [{ name: TMP.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP.sizeLimit) } }],
      },
    });

    this.job = new k8s.KubeJob(this, 'job', {
      metadata: { name: migrationJobName(spec), namespace, labels, annotations: { ...PRE_SYNC_HOOK, [WAVE]: '0' } },
      spec,
    });
  }
}
