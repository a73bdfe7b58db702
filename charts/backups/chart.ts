import type { Construct } from 'constructs';
import type { CloudProfile } from '../cloud';
import type { Target } from '../config/target';
import { endpointKeyRef, estateEndpoints } from '../infra/endpoints';
import { backupBucketName } from '../infra/estate';
import type { FeatureChartProps } from '../platform/feature';
import { appLabels, selectorLabels } from '../platform/labels';
import { PlatformChart } from '../platform/platform-chart';
import { imagePullSecret } from '../secrets/credentials';
import { secretEnv } from '../secrets/wiring';
import { imageOf, versionLabel } from '../workloads/chart';
import { isDigestPinned } from '../workloads/rules';
import type { WorkloadImage } from '../workloads/workload';
import type { ObjectStoreLocation } from './access';
import { BACKUP_NAME, BackupCronJob } from './backup-cronjob';
import { AGE_IDENTITY_KEY, backupCredentials, BACKUP_SECRET, RESTORE_TEST_SECRET } from './credentials';
import { RESTORE_TEST_NAME, RestoreTestCronJob } from './restore-test-cronjob';
import { tagOf } from './rules';
import { BACKUP_DEFAULTS, backupRetentionOf, POSTGRES_SERVER_TAGS, type PostgresMajor } from './schema';

/** Port of an HTTPS endpoint: the URL's, or 443. */
const HTTPS_PORT = 443;

/** A pinned image from config: by digest from the node's cache, by tag always from the registry (as the workloads' images). */
export function pinnedImage(reference: string): WorkloadImage {
  return { reference, version: versionLabel(tagOf(reference)), pullPolicy: isDigestPinned(reference) ? 'IfNotPresent' : 'Always' };
}

/** The backups settings of a target with every default resolved: the environment's and the cloud's. */
export function resolveBackups(target: Target, cloud: CloudProfile) {
  const { backups } = target;
  const defaults = BACKUP_DEFAULTS[target.environment];
  const region = backups.objectStore.region ?? target.cluster.region;
  const endpoint = backups.objectStore.endpoint ?? cloud.objectStore.endpoint(region);
  const objectStore: ObjectStoreLocation = {
    // The bucket the estate creates, by the one function that names it.
    bucket: backupBucketName(target),
    prefix: backups.objectStore.prefix,
    region,
    endpoint,
    cidrs: backups.objectStore.cidrs,
    port: Number(new URL(endpoint).port) || HTTPS_PORT,
  };
  return {
    objectStore,
    retentionDays: backupRetentionOf(target),
    scratchSize: backups.restoreTest.scratchSize ?? defaults.scratchSize,
    serverImage: backups.serverImage ?? `docker.io/library/postgres:${POSTGRES_SERVER_TAGS[backups.postgresMajorVersion as PostgresMajor]}`,
  };
}

/**
 * `dist/<target>/backups.yaml`: the nightly logical backup of the platform's PostgreSQL database and
 * the weekly test that restores it (docs/features/backups.md). Their credentials are synced by the
 * secrets feature (this feature provides them, ./credentials.ts).
 */
export class BackupsChart extends PlatformChart {
  readonly backup: BackupCronJob;
  readonly restoreTest: RestoreTestCronJob;

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'backup' });
    const { backups } = target;
    const settings = resolveBackups(target, cloud);
    const tools = pinnedImage(backups.toolsImage);
    const credentials = backupCredentials(cloud);
    const secretOf = (name: string) => credentials.find((spec) => spec.secretName === name)!;
    const pull = imagePullSecret(target, cloud);
    const imagePullSecrets = pull ? [pull.secretName] : undefined;
    const agent = cloud.podIdentityAgent;
    const identityAgent = agent ? { cidrs: [agent.cidr], port: agent.port } : undefined;

    this.backup = new BackupCronJob(this, 'backup', {
      namespace: target.namespace,
      labels: appLabels(target, { name: BACKUP_NAME, component: 'backup', version: tools.version }),
      selector: selectorLabels(BACKUP_NAME, target),
      image: tools,
      schedule: backups.schedule,
      // The managed server itself, not a pooler: a dump is one long session with its own snapshot.
      database: {
        host: endpointKeyRef('postgres', 'host'),
        portFrom: endpointKeyRef('postgres', 'port'),
        cidrs: estateEndpoints(target, cloud).postgres.cidrs,
        port: cloud.estatePorts.postgres,
        name: backups.database,
      },
      objectStore: settings.objectStore,
      ageRecipient: backups.ageRecipient,
      credentialsEnv: secretEnv(secretOf(BACKUP_SECRET)),
      identityAgent,
      imagePullSecrets,
    });

    this.restoreTest = new RestoreTestCronJob(this, 'restore-test', {
      namespace: target.namespace,
      labels: appLabels(target, { name: RESTORE_TEST_NAME, component: 'backup-test', version: tools.version }),
      selector: selectorLabels(RESTORE_TEST_NAME, target),
      images: { tools, server: pinnedImage(settings.serverImage), api: imageOf(target, 'moderation-api') },
      schedule: backups.restoreTest.schedule,
      database: backups.database,
      nonEmptyTables: backups.restoreTest.nonEmptyTables,
      retentionDays: settings.retentionDays,
      scratchSize: settings.scratchSize,
      objectStore: settings.objectStore,
      identitySecret: { name: RESTORE_TEST_SECRET, key: AGE_IDENTITY_KEY },
      credentialsEnv: secretEnv(secretOf(RESTORE_TEST_SECRET)),
      identityAgent,
      imagePullSecrets,
    });
  }
}
