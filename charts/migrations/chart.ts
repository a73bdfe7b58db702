import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Target } from '../config/target';
import { endpointKeyRef, estateEndpoints } from '../infra/endpoints';
import type { FeatureChartProps } from '../platform/feature';
import { appLabels, selectorLabels } from '../platform/labels';
import { PlatformChart } from '../platform/platform-chart';
import { imagePullSecret, SECRET_CATALOGUE, type SecretSpec } from '../secrets/credentials';
import { secretEnv } from '../secrets/wiring';
import { imageOf } from '../workloads/chart';
import { MIGRATION_NAME, MigrationJob } from './migration-job';

/** The Secret of the DDL login (charts/secrets/credentials.ts): the only credential with DDL rights. */
export const MIGRATIONS_SECRET = 'db-migrations-credentials';

function migrationsSecret(): SecretSpec {
  const spec = SECRET_CATALOGUE.find((s) => s.secretName === MIGRATIONS_SECRET);
  if (!spec) throw new Error(`the secrets catalogue has no ${MIGRATIONS_SECRET}: the migration Job has no DDL login`);
  return spec;
}

/**
 * The migration's environment: the managed database's own host, port and TLS name, from its
 * endpoint Secret (charts/infra/endpoints.ts), not a pooler: DDL needs a session of its own, which a
 * transaction pooler does not keep. Then the DDL login.
 */
export function migrationEnv(target: Target): k8s.EnvVar[] {
  return [
    { name: 'ENVIRONMENT', value: target.environment },
    { name: 'POSTGRES_HOST', valueFrom: endpointKeyRef('postgres', 'host') },
    { name: 'POSTGRES_PORT', valueFrom: endpointKeyRef('postgres', 'port') },
    { name: 'POSTGRES_TLS_SERVER_NAME', valueFrom: endpointKeyRef('postgres', 'host') },
    // The root filesystem is read-only: no bytecode cache to write.
    { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
    ...secretEnv(migrationsSecret()),
  ];
}

/**
 * `dist/<target>/migrations.yaml`: the release's schema migration (`alembic upgrade head` in the
 * moderation-api image), run by Argo CD before the new pods (docs/features/migrations.md).
 */
export class MigrationsChart extends PlatformChart {
  readonly migration: MigrationJob;

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'migration' });
    const image = imageOf(target, 'moderation-api');
    const pull = imagePullSecret(target, cloud);
    this.migration = new MigrationJob(this, 'migration', {
      namespace: target.namespace,
      labels: appLabels(target, { name: MIGRATION_NAME, component: 'migration', version: image.version }),
      selector: selectorLabels(MIGRATION_NAME, target),
      image,
      env: migrationEnv(target),
      database: { cidrs: estateEndpoints(target, cloud).postgres.cidrs, port: cloud.estatePorts.postgres },
      activeDeadlineSeconds: target.migrations.timeoutMinutes * 60,
      imagePullSecrets: pull ? [pull.secretName] : undefined,
    });
  }
}
