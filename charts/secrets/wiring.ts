import type { k8s } from 'cdk8s-plus-28';
import { endpointSecretName, isEstateService } from '../infra/endpoints';
import { PLATFORM_SERVICES, type ServiceName } from '../platform/services';
import type { CloudProfile } from '../cloud';
import type { Target } from '../config/target';
import { imagePullSecret, workloadSecret, type SecretSpec } from './credentials';

/**
 * How a workload consumes its credentials: one environment variable per key of its own Secret
 * (`secretKeyRef`, never a literal value), the registry pull secret where the cloud needs one, and
 * Stakater Reloader's annotation naming exactly its Secrets (its own, and the endpoint Secrets of the
 * managed services it uses), so a rotated value or a moved endpoint rolls the Deployment (surge
 * first, no capacity lost) instead of waiting for a manual restart.
 */
export interface SecretWiring {
  readonly env: k8s.EnvVar[];
  readonly imagePullSecrets?: string[];
  /** Deployment annotations. */
  readonly annotations?: Record<string, string>;
}

/** Reloader rolls the annotated Deployment when one of the named Secrets changes. */
export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload';

/** The environment variables that read a Secret's keys. */
export function secretEnv(spec: SecretSpec): k8s.EnvVar[] {
  return spec.credentials.flatMap((credential) =>
    credential.fields.flatMap((field) =>
      field.env === undefined ? [] : [{ name: field.env, valueFrom: { secretKeyRef: { name: spec.secretName, key: field.secretKey, optional: false } } }],
    ),
  );
}

/** Reloader's annotation naming the Secrets a Deployment reads; none when it reads none. */
export function reloadOnSecrets(names: readonly string[]): Record<string, string> | undefined {
  return names.length > 0 ? { [RELOADER_SECRET_ANNOTATION]: names.join(',') } : undefined;
}

/** The secret wiring of one workload on a cloud. */
export function secretWiring(target: Target, cloud: CloudProfile, workload: ServiceName): SecretWiring {
  const own = workloadSecret(target, cloud, workload);
  const pull = imagePullSecret(target, cloud);
  const endpoints = PLATFORM_SERVICES[workload].uses.filter(isEstateService).map(endpointSecretName);
  return {
    env: own ? secretEnv(own) : [],
    imagePullSecrets: pull ? [pull.secretName] : undefined,
    annotations: reloadOnSecrets([...(own ? [own.secretName] : []), ...endpoints]),
  };
}
