import { isRecord } from '../../config/primitives';
import type { Rule } from '../../config/rules';
import { overlayTarget } from '../../disaster-recovery/pairing';
import { standbyOf } from '../../disaster-recovery/standby';
import { MAX_VPC_PREFIX } from './network';
import { ZONE_COUNT } from './schema';

/** The web ACL's name in the estate: `<cluster>-edge` (./edge.ts names it so). */
const webAclName = (clusterName: string) => `${clusterName}-edge`;

/**
 * The AWS estate's rules, run by the infra rules for EKS targets: a VPC with room for the pods, zones
 * of the cluster's region, brokers spread evenly over the zones, the web ACL the estate creates,
 * failover only with the domain's hosted zone, and a DR replica of a primary in another region.
 */
export const awsEstateRules: Rule = (input, report) => {
  const infra = isRecord(input.infra) ? input.infra : {};
  const aws = isRecord(infra.aws) ? infra.aws : {};
  const cluster = isRecord(input.cluster) ? input.cluster : {};
  const region = typeof cluster.region === 'string' ? cluster.region : undefined;

  const cidr = isRecord(infra.network) ? infra.network.cidr : undefined;
  const prefix = typeof cidr === 'string' ? Number(cidr.split('/')[1]) : NaN;
  if (prefix > MAX_VPC_PREFIX) {
    report('infra.network.cidr', `/${prefix} is too small on AWS: pods take VPC addresses (VPC CNI); use a /${MAX_VPC_PREFIX} or larger range`);
  }

  if (Array.isArray(aws.zones) && region) {
    aws.zones.forEach((zone, i) => {
      if (typeof zone === 'string' && !zone.startsWith(region)) report(`infra.aws.zones[${i}]`, `"${zone}" is not a zone of the cluster's region ${region}`);
    });
  }

  const kafka = isRecord(infra.kafka) ? infra.kafka : {};
  if (typeof kafka.brokers === 'number' && kafka.brokers % ZONE_COUNT !== 0) {
    report('infra.kafka.brokers', `${kafka.brokers} brokers cannot be spread evenly over ${ZONE_COUNT} zones: MSK needs a multiple of ${ZONE_COUNT}`);
  }

  const cdn = isRecord(aws.cdn) ? aws.cdn : {};
  if (typeof cdn.webAclArn === 'string' && typeof cluster.name === 'string') {
    const name = cdn.webAclArn.split('/')[2];
    if (name !== undefined && name !== webAclName(cluster.name)) {
      report('infra.aws.cdn.webAclArn', `names the web ACL "${name}": the estate's own is "${webAclName(cluster.name)}" (its status.atProvider.arn)`);
    }
  }

  const edge = isRecord(input.edge) ? input.edge : {};
  const certificates = isRecord(edge.certificates) ? edge.certificates : {};
  const dns01 = isRecord(certificates.dns01) ? certificates.dns01 : {};
  const route53 = isRecord(dns01.route53) ? dns01.route53 : {};
  if (isRecord(aws.failover) && typeof route53.hostedZoneID !== 'string') {
    report('infra.aws.failover', "needs the domain's Route 53 hosted zone: set edge.certificates.dns01.route53.hostedZoneID");
  }

  const replicaOf = isRecord(aws.postgresReplicaOf) ? aws.postgresReplicaOf : {};
  if (typeof replicaOf.sourceArn === 'string' && region && replicaOf.sourceArn.split(':')[3] === region) {
    report('infra.aws.postgresReplicaOf.sourceArn', `is in the cluster's own region ${region}: a standby there does not survive the region (use infra.postgres.highAvailability)`);
  }
  standbyRules(input, aws, report);
};

/**
 * A disaster-recovery standby (charts/disaster-recovery) reads a replica of its primary's instance and
 * answers Route 53 as the secondary; a target whose database is a replica is a standby (it runs no
 * migration nor backup against a read-only database).
 */
function standbyRules(input: Record<string, unknown>, aws: Record<string, unknown>, report: (path: string, message: string) => void): void {
  const standby = standbyOf(input);
  const replicaOf = isRecord(aws.postgresReplicaOf) ? aws.postgresReplicaOf : undefined;
  if (!standby) {
    if (replicaOf) report('infra.aws.postgresReplicaOf', 'makes the database a read-only replica: only a disaster-recovery standby has one (set disasterRecovery), so no migration or backup runs against it');
    return;
  }
  if (isRecord(aws.failover) && aws.failover.role === 'primary') {
    report('infra.aws.failover.role', `is "primary" on a standby of "${standby.primary}": Route 53 would send traffic here while the primary is healthy; leave it out (secondary)`);
  }
  const primary = overlayTarget(standby.primary);
  if (!primary || typeof primary.clusterName !== 'string' || typeof primary.region !== 'string') return;
  const instance = `${primary.clusterName}-postgres`;
  if (!replicaOf) {
    report('infra.aws.postgresReplicaOf', `is required on a standby: { sourceArn: "arn:aws:rds:${primary.region}:<account>:db:${instance}" }, the primary's instance`);
    return;
  }
  const arn = typeof replicaOf.sourceArn === 'string' ? replicaOf.sourceArn.split(':') : [];
  if (arn.length > 0 && (arn[3] !== primary.region || arn[6] !== instance)) {
    report('infra.aws.postgresReplicaOf.sourceArn', `must name "${standby.primary}"'s instance "${instance}" in ${primary.region}, not "${arn[6] ?? ''}" in ${arn[3] ?? ''}`);
  }
}
