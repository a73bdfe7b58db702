import { z } from 'zod';

/**
 * `infra.aws`: what only an AWS estate has. Every field has a default, so the section may be left out.
 */

/** How many availability zones the VPC, the node groups and the data services span. */
export const ZONE_COUNT = 3;

/** NAT gateways: one per zone (a zone's outage leaves the others' egress up), or one for the VPC. */
export const NAT_MODES = ['per-zone', 'single'] as const;
export type NatMode = (typeof NAT_MODES)[number];

/** Requests per five minutes from one address before the WAF's rate-based rule blocks it. */
export const DEFAULT_WAF_RATE_LIMIT = 2000;
/** AWS WAF's bounds of a rate-based rule's limit (requests per 5 minutes). */
export const WAF_RATE_LIMIT = { min: 100, max: 2_000_000_000 } as const;

/** ECR lifecycle defaults: tagged images kept per repository, days an untagged image lives. */
export const DEFAULT_ECR_LIFECYCLE = { keepTaggedImages: 100, untaggedExpiryDays: 7 } as const;

const zone = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'must be an availability zone such as "us-east-1a"');
const positiveInt = z.number().int('must be a whole number').positive('must be positive');

/** An ACM certificate in us-east-1, where CloudFront reads its certificates. */
const cloudFrontCertificateArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)');
/** A WAFv2 web ACL of CloudFront scope (global, in us-east-1). */
const cloudFrontWebAclArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/, 'must be a WAFv2 web ACL ARN of CloudFront scope: "arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>"');
const rdsInstanceArn = z.string().regex(/^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:[a-z][a-z0-9-]{0,62}$/, 'must be an RDS DB instance ARN such as "arn:aws:rds:us-east-1:123456789012:db:moderation-prod-postgres"');
const hostname = z.string().regex(/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a DNS name such as "origin.moderation.example.com"');

const cdn = z
  .object({
    /** Put CloudFront (with its WAF) in front of the edge's load balancer for the app's host. @default true */
    enabled: z.boolean().default(true),
    /**
     * The ACM certificate (us-east-1) CloudFront serves the app's host with. The estate does not
     * issue it: no ACM CRD is vendored. Without it, no Distribution is rendered. @default none
     */
    certificateArn: cloudFrontCertificateArn.optional(),
    /**
     * The ARN of the estate's own web ACL (`<cluster>-edge`), read from its `status.atProvider.arn`
     * after the first apply: CloudFront's `webAclId` takes an ARN and offers no reference. Without
     * it, no Distribution is rendered, so CloudFront never serves without its WAF. @default none
     */
    webAclArn: cloudFrontWebAclArn.optional(),
    /**
     * The host CloudFront fetches from: a DNS name of the edge's load balancer (the viewer's Host
     * header is forwarded, so the Gateway sees the public host). @default `origin.<domain>`
     */
    originHost: hostname.optional(),
    /** Requests per five minutes from one address before the WAF blocks it. @default 2000 */
    rateLimit: z.number().int().min(WAF_RATE_LIMIT.min, `must be at least ${WAF_RATE_LIMIT.min} (AWS WAF's minimum)`).max(WAF_RATE_LIMIT.max).default(DEFAULT_WAF_RATE_LIMIT),
  })
  .strict()
  .prefault({});

const registry = z
  .object({
    /**
     * Whether this estate owns the ECR repositories (both environments pull from the same ones, and
     * two estates managing one repository would fight). @default true in production, false in staging
     */
    manage: z.boolean().optional(),
    /** Tagged images kept per repository; older ones expire. @default 100 */
    keepTaggedImages: positiveInt.default(DEFAULT_ECR_LIFECYCLE.keepTaggedImages),
    /** Days an untagged image (a build's leftover layer set) lives. @default 7 */
    untaggedExpiryDays: positiveInt.default(DEFAULT_ECR_LIFECYCLE.untaggedExpiryDays),
  })
  .strict()
  .prefault({});

export const awsEstateConfig = z
  .object({
    /** The three availability zones of the VPC, node groups and data services. @default the region's zones a, b and c */
    zones: z.array(zone).length(ZONE_COUNT, `must list exactly ${ZONE_COUNT} availability zones`).optional(),
    /** NAT gateways: `per-zone` or `single`. @default 'per-zone' in production, 'single' in staging */
    nat: z.enum(NAT_MODES).optional(),
    /** CloudFront and AWS WAF in front of the edge's load balancer. */
    cdn,
    /** The ECR repositories' lifecycle. */
    registry,
    /**
     * A passive disaster-recovery estate: its PostgreSQL is a cross-region read replica of this
     * primary instance (`replicateSourceDb` takes its ARN across regions) instead of a primary. @default none
     */
    postgresReplicaOf: z.object({ sourceArn: rdsInstanceArn }).strict().optional(),
    /**
     * Route 53 failover records in the domain's hosted zone (`edge.certificates.dns01.route53.hostedZoneID`)
     * for every public host that resolves to the load balancer (CloudFront's origin host for the app,
     * the other public hosts directly): `primary` here, `secondary` in the disaster-recovery standby;
     * a health check on this target's load balancer decides. @default none
     */
    failover: z
      .object({
        /** @default 'secondary' on a disaster-recovery standby (`disasterRecovery`), else 'primary' */
        role: z.enum(['primary', 'secondary']).optional(),
        /** The DNS name of this target's edge load balancer (created by the AWS Load Balancer Controller, not by the estate). */
        loadBalancerHost: hostname,
      })
      .strict()
      .optional(),
  })
  .strict();

export type AwsEstateConfig = z.output<typeof awsEstateConfig>;
