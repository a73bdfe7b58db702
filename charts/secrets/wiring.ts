import type { k8s } from 'cdk8s-plus-28';
import type { ServiceName } from '../platform/services';
import type { CloudProfile } from '../cloud';
import type { Target } from '../config/target';
import { imagePullSecret, workloadSecret, type SecretSpec } from './credentials';

/**
 * How a workload consumes its credentials: one environment variable per key of its own Secret
 * (`secretKeyRef`, never a literal value), the registry pull secret where the cloud needs one, and
 * Stakater Reloader's annotation naming exactly its Secret, so a rotated value rolls the
 * Deployment (surge first, no capacity lost) instead of waiting for a manual restart.
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

/** The secret wiring of one workload on a cloud. */
export function secretWiring(target: Target, cloud: CloudProfile, workload: ServiceName): SecretWiring {
  const own = workloadSecret(target, cloud, workload);
  const pull = imagePullSecret(target, cloud);
  return {
    env: own ? secretEnv(own) : [],
    imagePullSecrets: pull ? [pull.secretName] : undefined,
    annotations: own ? { [RELOADER_SECRET_ANNOTATION]: own.secretName } : undefined,
  };
}
