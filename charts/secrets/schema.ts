import { z } from 'zod';
import { parseDuration } from '../../core/duration';
import { awsRegion, dnsLabel, iamRoleArn } from '../config/primitives';

/**
 * Where a target's credentials come from: the secrets manager the External Secrets Operator (ESO)
 * reads, how ESO authenticates to it, how remote keys are named and how often values are re-read.
 * One `provider` per target; switching provider is this one setting (plus its own fields).
 * What each service needs is not configured here: it is the catalogue in charts/secrets/credentials.ts.
 */

import { SECRET_PROVIDERS, type SecretProvider } from '../cloud/profile';

export { SECRET_PROVIDERS, type SecretProvider };

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? `required: ${what}` : undefined);

/** Names a Kubernetes object (RFC 1123 subdomain). */
const objectName = z
  .string({ error: required('the name of a Kubernetes object') })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a Kubernetes object name (lowercase letters, digits, "-", ".")')
  .max(253);

/** A key inside a Kubernetes Secret. */
const secretDataKey = z.string({ error: required('a key of the Secret') }).regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret key (letters, digits, "-", "_", ".")').max(253);

/** A reference to a Secret created once, outside git, holding what the provider needs to log in. */
const bootstrapSecretRef = (what: string) =>
  z
    .object({ name: objectName, key: secretDataKey }, { error: required(`a reference { name, key } to the bootstrap Secret holding ${what}`) })
    .strict();

const httpsUrl = (what: string) =>
  z
    .string({ error: required(what) })
    .regex(/^https:\/\/[a-z0-9.-]+(:[0-9]{1,5})?(\/[^\s]*)?$/, 'must be an https:// URL (credentials never travel in clear text), e.g. "https://vault.example.com:8200"');

/**
 * A Go duration of hours, minutes and seconds ("15m", "1h", "1h30m"); 0 is refused (it would mean
 * "never refresh"). Refinements skip what the pattern rejects (NaN), so a typo gets one problem.
 */
const duration = z
  .string()
  .regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, 'must be a duration such as "15m", "1h" or "1h30m"')
  .refine((d) => !(durationSeconds(d) <= 0), 'must be longer than 0: a zero interval stops refreshing, so rotated values would never arrive');

/** Seconds in a duration ("1h30m" → 5400); NaN for what is not one (the pattern reports it). */
export function durationSeconds(value: string): number {
  try {
    return parseDuration(value) / 1000;
  } catch {
    return NaN;
  }
}

/** The refresh interval of each class of secret (see `SecretClass` in charts/secrets/credentials.ts). */
export const REFRESH_DEFAULTS = { database: '15m', service: '1h', platform: '1h' } as const;

/** Fields every provider shares. */
const common = {
  /**
   * Remote keys are `<keyPrefix>/<owner>/<credential>` (e.g. `production/moderation/moderation-api/postgres`).
   * @default `<environment>/moderation`
   */
  keyPrefix: z
    .string()
    .regex(/^[a-z0-9]+([-_][a-z0-9]+)*(\/[a-z0-9]+([-_][a-z0-9]+)*)*$/, 'must be a "/"-separated path of lowercase words, such as "production/moderation"')
    .optional(),
  /**
   * How often ESO re-reads each class of secret: rotated values reach the cluster within this time.
   * Database credentials refresh at least hourly.
   */
  refreshIntervals: z
    .object({
      database: duration
        .refine((d) => !(durationSeconds(d) > 3600), 'database credentials must refresh at least hourly: use "1h" or less')
        .default(REFRESH_DEFAULTS.database),
      service: duration.default(REFRESH_DEFAULTS.service),
      platform: duration.default(REFRESH_DEFAULTS.platform),
    })
    .strict()
    .default(REFRESH_DEFAULTS),
  /**
   * Exact remote keys for some credentials instead of the naming scheme, per owner and credential,
   * e.g. `{ 'moderation-api': { postgres: 'legacy/api-db' } }`. Each must name a credential the
   * catalogue has on this target (charts/secrets/rules.ts checks).
   */
  remoteKeys: z.record(z.string(), z.record(z.string(), z.string().regex(/^\S+$/, 'must be a non-empty remote key without spaces'))).optional(),
  /** Namespace the External Secrets Operator runs in (its service accounts and bootstrap Secrets live there). */
  operatorNamespace: dnsLabel.default('external-secrets'),
};

const awsSecretsManager = z
  .object({
    provider: z.literal('aws-secrets-manager'),
    /** Region of the secrets. @default the cluster's region */
    region: awsRegion.optional(),
    /**
     * How ESO gets AWS credentials, with no access key anywhere:
     * - `irsa`: a ServiceAccount annotated with the IAM role (`roleArn`), named by the store;
     * - `pod-identity`: an EKS Pod Identity association of the ESO controller's ServiceAccount with the role (made in EKS, outside the cluster).
     */
    auth: z.enum(['irsa', 'pod-identity'], { error: 'must be "irsa" or "pod-identity"' }).default('irsa'),
    /** IAM role ESO assumes through IRSA; required with `auth: 'irsa'`. */
    roleArn: iamRoleArn.optional(),
    ...common,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.auth === 'irsa' && v.roleArn === undefined) {
      ctx.addIssue({ code: 'custom', path: ['roleArn'], message: 'required with auth "irsa": the ARN of the IAM role ESO assumes (or use auth "pod-identity")' });
    }
    if (v.auth === 'pod-identity' && v.roleArn !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['roleArn'], message: 'not used with auth "pod-identity": the role is bound by an EKS Pod Identity association; remove it' });
    }
  });

const vault = z
  .object({
    provider: z.literal('vault'),
    /** Address of the Vault server. */
    server: httpsUrl('the Vault address, e.g. "https://vault.example.com:8200"'),
    /** Mount path of the KV version 2 secrets engine. */
    path: z.string().regex(/^[a-zA-Z0-9][-\w]*(\/[-\w]+)*$/, 'must be a KV mount path such as "secret"').default('secret'),
    /** Vault Enterprise namespace. @default none */
    namespace: z.string().min(1).optional(),
    /** Kubernetes auth method: where it is mounted and the Vault role bound to ESO's ServiceAccount. */
    kubernetesAuth: z
      .object({
        mountPath: z.string().regex(/^[-\w]+(\/[-\w]+)*$/, 'must be an auth mount path such as "kubernetes"').default('kubernetes'),
        role: z.string().regex(/^[-\w]+$/, 'must be a Vault role name').default('external-secrets'),
      })
      .strict()
      .default({ mountPath: 'kubernetes', role: 'external-secrets' }),
    ...common,
  })
  .strict();

const doppler = z
  .object({
    provider: z.literal('doppler'),
    /** Doppler project and config (the config selects the environment). */
    project: z.string({ error: required('the Doppler project') }).min(1),
    config: z.string({ error: required('the Doppler config, e.g. "prd"') }).min(1),
    /** ID of the Doppler service account identity that trusts this cluster's ServiceAccount tokens (OIDC); not a secret. */
    identityId: z.uuid({ error: (issue) => required('the Doppler service account identity ID (OIDC)')(issue) ?? 'must be the identity\'s UUID' }),
    ...common,
  })
  .strict();

const infisical = z
  .object({
    provider: z.literal('infisical'),
    hostApi: httpsUrl('the Infisical API URL').default('https://app.infisical.com/api'),
    projectSlug: z.string({ error: required('the Infisical project slug') }).min(1),
    environmentSlug: z.string({ error: required('the Infisical environment slug, e.g. "prod"') }).min(1),
    /**
     * Secret holding the machine identity's ID (not a credential: Kubernetes auth proves the
     * identity with ESO's ServiceAccount token), created once in `operatorNamespace`.
     */
    identityIdSecretRef: bootstrapSecretRef('the Infisical machine identity ID'),
    ...common,
  })
  .strict();

const onePassword = z
  .object({
    provider: z.literal('1password'),
    /** URL of the 1Password Connect server. */
    connectHost: httpsUrl('the 1Password Connect URL'),
    /** Vaults searched for items, in order. */
    vaults: z.array(z.string().min(1), { error: required('the 1Password vaults to read, in search order') }).min(1, 'must list at least one vault'),
    /** The Connect token: a bootstrap Secret created once, outside git, in `operatorNamespace`. */
    connectTokenSecretRef: bootstrapSecretRef('the 1Password Connect token'),
    ...common,
  })
  .strict();

export const secretsSchema = z.discriminatedUnion('provider', [awsSecretsManager, vault, doppler, infisical, onePassword], {
  error: (issue) => {
    if (issue.input === undefined) return `required: a secrets section naming its provider, one of ${SECRET_PROVIDERS.map((p) => `"${p}"`).join(', ')}`;
    if (issue.code !== 'invalid_union') return undefined;
    const given = (issue.input as { provider?: unknown } | undefined)?.provider;
    const known = SECRET_PROVIDERS.map((p) => `"${p}"`).join(', ');
    return given === undefined ? `required: the secrets provider, one of ${known}` : `${JSON.stringify(given)} is not a supported provider: use one of ${known}`;
  },
});

export type SecretsInput = z.input<typeof secretsSchema>;
export type SecretsConfig = z.output<typeof secretsSchema>;
