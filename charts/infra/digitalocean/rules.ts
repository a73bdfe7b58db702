import { BACKUP_DEFAULTS } from '../../backups/schema';
import { CLOUD_PROFILES } from '../../cloud';
import type { Cloud } from '../../cloud/profile';
import { isRecord } from '../../config/primitives';
import type { Rule } from '../../config/rules';
import { DOKS_VERSION_SLUGS } from './schema';

/**
 * What a DigitalOcean estate needs beyond the schema: a version slug of the pinned minor, no spot
 * capacity (DigitalOcean sells none), and enough logical dumps to cover the database backup period
 * DigitalOcean's fixed 7 days of point-in-time recovery do not. Runs on the targets whose estate reads `infra.digitalocean`.
 */
export const doEstateRules: Rule = (input, report) => {
  const infra = input.infra;
  if (CLOUD_PROFILES[input.cloud as Cloud]?.estate.configKey !== 'digitalocean' || !isRecord(infra)) return;
  const section = isRecord(infra.digitalocean) ? infra.digitalocean : {};
  const minor = infra.kubernetesVersion;
  const slug = section.kubernetesVersionSlug;
  if (typeof minor === 'string') {
    if (typeof slug === 'string' && !slug.startsWith(`${minor}.`)) {
      report('infra.digitalocean.kubernetesVersionSlug', `"${slug}" is not a release of Kubernetes ${minor} (infra.kubernetesVersion)`);
    }
    if (slug === undefined && DOKS_VERSION_SLUGS[minor] === undefined) {
      report('infra.kubernetesVersion', `no DOKS version slug is pinned for ${minor}: set infra.digitalocean.kubernetesVersionSlug (\`doctl kubernetes options versions\`) or add it to DOKS_VERSION_SLUGS`);
    }
  }
  if (isRecord(infra.nodePools)) {
    for (const [name, pool] of Object.entries(infra.nodePools)) {
      if (isRecord(pool) && pool.spot === true) report(`infra.nodePools.${name}.spot`, 'DigitalOcean has no spot capacity: leave it unset');
    }
  }
  const dns = isRecord(section.dns) ? section.dns : undefined;
  if (dns && typeof input.domain === 'string' && typeof dns.zone === 'string' && input.domain !== dns.zone && !input.domain.endsWith(`.${dns.zone}`)) {
    report('infra.digitalocean.dns.zone', `"${dns.zone}" does not hold the target's domain "${input.domain}": the public hosts are under the domain`);
  }
  const postgres = isRecord(infra.postgres) ? infra.postgres : {};
  const backups = isRecord(input.backups) ? input.backups : {};
  const environment = input.environment === 'production' ? 'production' : 'staging';
  const days = postgres.backupRetentionDays;
  const dumps = typeof backups.retentionDays === 'number' ? backups.retentionDays : BACKUP_DEFAULTS[environment].retentionDays;
  if (typeof days === 'number' && dumps < days) {
    report(
      'infra.postgres.backupRetentionDays',
      `${days} days: DigitalOcean keeps 7 days of point-in-time recovery, fixed, and the nightly dumps the rest; they are kept ${dumps} days (backups.retentionDays): raise that or lower this`,
    );
  }
};
