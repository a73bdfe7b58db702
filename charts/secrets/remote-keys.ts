import type { SecretProvider } from './schema';
import type { Target } from '../config/target';
import type { Credential } from './credentials';

/**
 * Remote key naming: one scheme on every target,
 *
 *     <keyPrefix>/<owner>/<credential>        e.g. production/moderation/moderation-api/postgres
 *
 * with `keyPrefix` defaulting to `<environment>/moderation`. Each provider gets the scheme in the
 * syntax it accepts (see `formatRemoteKey`). `secrets.remoteKeys` overrides a key verbatim.
 */

/** The default prefix of a target's remote keys. */
export function keyPrefix(target: Target): string {
  return target.secrets.keyPrefix ?? `${target.environment}/moderation`;
}

/**
 * A scheme path in the provider's syntax:
 * - AWS Secrets Manager, Vault (relative to the KV mount), 1Password (item title): the path as is;
 * - Infisical: an absolute path, `/production/moderation/moderation-api/postgres` (folders, then the secret);
 * - Doppler, whose secret names are `UPPER_SNAKE_CASE` in one flat config: `PRODUCTION_MODERATION_MODERATION_API_POSTGRES`.
 */
export function formatRemoteKey(provider: SecretProvider, path: string): string {
  switch (provider) {
    case 'infisical':
      return `/${path}`;
    case 'doppler':
      return path.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    case 'aws-secrets-manager':
    case 'vault':
    case '1password':
      return path;
  }
}

/**
 * The remote key of one credential on a target: the override if the overlay sets one, else the
 * scheme in the provider's syntax, renamed where the provider imposes a name (`providerKey`).
 */
export function remoteKey(target: Target, owner: string, credential: Credential): string {
  const { provider } = target.secrets;
  const override = target.secrets.remoteKeys?.[owner]?.[credential.name];
  if (override !== undefined) return override;
  const key = formatRemoteKey(provider, `${keyPrefix(target)}/${owner}/${credential.name}`);
  return credential.providerKey?.[provider]?.(key) ?? key;
}
