import { CLOUD_PROFILES, SECRET_PROVIDERS, type Cloud } from '../cloud';
import { SECRET_CATALOGUE } from './credentials';
import { isRecord } from '../config/primitives';
import type { Rule } from '../config/rules';


/**
 * Rules of the `secrets` section that depend on other fields or on the credential catalogue:
 * - AWS Secrets Manager is read with an EKS identity (IRSA or Pod Identity), so only on EKS;
 * - every `remoteKeys` override names a credential this target's catalogue has, so a typo never
 *   leaves a credential on the default key while the overlay looks overridden.
 */
export const secretsRules: Rule = (input, report) => {
  const secrets = input.secrets;
  if (!isRecord(secrets)) return;
  const cloud = typeof input.cloud === 'string' && Object.hasOwn(CLOUD_PROFILES, input.cloud) ? CLOUD_PROFILES[input.cloud as Cloud] : undefined;

  const provider = SECRET_PROVIDERS.find((p) => p === secrets.provider); // unknown ones are the schema's to report
  if (cloud && provider && !cloud.secretProviders.includes(provider)) {
    report(
      'secrets.provider',
      `"${secrets.provider}" cannot be read without static cloud keys on ${cloud.id} (${cloud.title}): use ${cloud.secretProviders.map((p) => `"${p}"`).join(', ')}`,
    );
  }

  if (!isRecord(secrets.remoteKeys)) return;
  const owners = [...new Set(SECRET_CATALOGUE.map((s) => s.owner))];
  for (const [owner, overrides] of Object.entries(secrets.remoteKeys)) {
    const specs = SECRET_CATALOGUE.filter((s) => s.owner === owner);
    if (specs.length === 0) {
      report(`secrets.remoteKeys.${owner}`, `"${owner}" owns no credential: use one of ${owners.join(', ')}`);
      continue;
    }
    if (!isRecord(overrides)) continue;
    for (const credential of Object.keys(overrides)) {
      const spec = specs.find((s) => s.credentials.some((c) => c.name === credential));
      const path = `secrets.remoteKeys.${owner}.${credential}`;
      if (!spec) {
        const known = specs.flatMap((s) => s.credentials.map((c) => c.name));
        report(path, `"${owner}" has no credential "${credential}", so no store maps this key: use one of ${known.join(', ')}`);
      } else if (cloud && spec.onCloud && !spec.onCloud(cloud)) {
        report(path, `"${owner}" has no "${credential}" credential on ${cloud.id} targets: remove the override`);
      }
    }
  }
};
