import type { EstateContext } from '../estate';
import { awsEstateConfig, type AwsEstateConfig, type NatMode } from './schema';

/** CloudFront's global resources (its WAF web ACL, its certificates) live in this region. */
export const CLOUDFRONT_REGION = 'us-east-1';

/** The `infra.aws` settings of a target with every default resolved. */
export interface AwsSettings extends AwsEstateConfig {
  readonly zones: string[];
  readonly nat: NatMode;
}

/** The target's `infra.aws` with its defaults: zones a–c of the region, NAT per zone in production. */
export function awsSettings(context: Pick<EstateContext, 'target'>): AwsSettings {
  const { target } = context;
  const config = target.infra.aws ?? awsEstateConfig.parse({});
  return {
    ...config,
    zones: config.zones ?? ['a', 'b', 'c'].map((letter) => `${target.cluster.region}${letter}`),
    nat: config.nat ?? (target.environment === 'production' ? 'per-zone' : 'single'),
  };
}

/** A reference to another managed resource of the estate (same namespace), by its object name. */
export interface Ref {
  readonly name: string;
}
export const ref = (name: string): Ref => ({ name });

/** The metadata and `providerConfigRef` every managed resource of the estate carries. */
export function managed(context: EstateContext, name: string) {
  return {
    metadata: { name, namespace: context.namespace },
    providerConfigRef: { kind: 'ProviderConfig', name: context.providerConfig },
  };
}

/** The estate's tags plus the console's `Name`. */
export function tagsOf(context: EstateContext, name: string): Record<string, string> {
  return { ...context.tags, Name: name };
}

/** An IAM policy document, as the JSON string IAM reads. */
export function policyDocument(statements: readonly { Effect?: 'Allow' | 'Deny'; Action: string | string[]; Resource?: string | string[]; Principal?: unknown; Condition?: unknown; Sid?: string }[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', ...s })) });
}
