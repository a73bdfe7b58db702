import { Construct } from 'constructs';
import { Distribution } from '../../../imports/distributions-cloudfront.aws.m.upbound.io';
import { HealthCheck } from '../../../imports/healthchecks-route53.aws.m.upbound.io';
import { Route53Record } from '../../../imports/records-route53.aws.m.upbound.io';
import { WebAcl } from '../../../imports/webacls-wafv2.aws.m.upbound.io';
import { CACHE_IMMUTABLE, edgeRoutes, publicListeners } from '../../edge/routing';
import { isStandby } from '../../disaster-recovery/standby';
import type { EstateContext } from '../estate';
import { awsSettings, CLOUDFRONT_REGION, managed, ref, tagsOf } from './context';

/** CloudFront's managed policies (IDs are AWS's, the same in every account). */
export const CLOUDFRONT_POLICIES = {
  /** Cache policy CachingOptimized: long TTLs, no cookies or query strings in the key. */
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  /** Cache policy CachingDisabled: every request goes to the origin. */
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  /** Origin request policy AllViewer: every header (the Host too, so the Gateway sees the public host), cookie and query string. */
  allViewer: '216adef6-5c7f-47e4-b989-5492eafa07d3',
} as const;

/** The AWS managed rule groups the web ACL evaluates, in order, before the rate limit. */
export const WAF_MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

const ORIGIN_ID = 'edge';
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const READ_METHODS = ['GET', 'HEAD'];
/** Seconds between Route 53's health checks, and failures before the record fails over. */
const HEALTH_CHECK = { intervalSeconds: 30, failureThreshold: 3, port: 443 } as const;
/** Seconds resolvers keep a failover answer: low, so a failover reaches clients within a minute or two. */
export const FAILOVER_TTL_SECONDS = 60;

export const edgeNames = (context: EstateContext) => ({ webAcl: context.name('edge'), distribution: context.name('cdn'), healthCheck: context.name('edge-health'), failover: context.name('origin-failover') });

/** The host CloudFront fetches from: `infra.aws.cdn.originHost`, else `origin.<domain>`. */
export const originHost = (context: EstateContext) => awsSettings(context).cdn.originHost ?? `origin.${context.target.domain}`;

/** The path patterns CloudFront caches: the edge's routes it already marks immutable (`/_next/static/*`). */
export function cacheablePaths(context: EstateContext): string[] {
  return edgeRoutes(context.target)
    .filter((route) => route.cacheControl === CACHE_IMMUTABLE)
    .flatMap((route) => route.paths.map((path) => `${path}/*`));
}

/** The web ACL's rules in WAFv2's API shape: the managed rule groups, then a per-address rate limit. */
export function webAclRules(metricPrefix: string, rateLimit: number): object[] {
  const visibility = (name: string) => ({ CloudWatchMetricsEnabled: true, MetricName: `${metricPrefix}-${name}`, SampledRequestsEnabled: true });
  return [
    ...WAF_MANAGED_RULE_GROUPS.map((group, priority) => ({
      Name: group,
      Priority: priority,
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } },
      OverrideAction: { None: {} },
      VisibilityConfig: visibility(group),
    })),
    { Name: 'rate-limit', Priority: WAF_MANAGED_RULE_GROUPS.length, Statement: { RateBasedStatement: { Limit: rateLimit, AggregateKeyType: 'IP' } }, Action: { Block: {} }, VisibilityConfig: visibility('rate-limit') },
  ];
}

/** A target's role in Route 53 failover: `infra.aws.failover.role`, else `secondary` on a disaster-recovery standby. */
export function failoverRole(context: EstateContext): 'primary' | 'secondary' {
  return awsSettings(context).failover?.role ?? (isStandby(context.target) ? 'secondary' : 'primary');
}

/**
 * The names Route 53 fails over, each to this target's load balancer: with CloudFront in front of
 * the app's host, its origin host (CloudFront is global, so the app's host itself never moves),
 * else the app's host; and every other public host (CloudFront fronts only the app's).
 */
export function failoverHosts(context: EstateContext): { role: string; name: string }[] {
  const [app, ...others] = publicListeners(context.target);
  const first = awsSettings(context).cdn.enabled ? { role: 'origin', name: originHost(context) } : { role: app.role, name: app.host };
  return [first, ...others.map((listener) => ({ role: listener.role, name: listener.host }))];
}

/**
 * The edge in front of the load balancer: an AWS WAF web ACL of CloudFront scope (in us-east-1),
 * and a CloudFront distribution for the app's host that caches the immutable static assets and
 * passes everything else to the origin uncached, with the web ACL attached. With
 * `infra.aws.failover`, Route 53 health-checks the load balancer and fails every public host
 * (`failoverHosts`) over between the primary and its disaster-recovery standby.
 */
export class AwsEdge extends Construct {
  constructor(scope: Construct, id: string, context: EstateContext) {
    super(scope, id);
    const { target } = context;
    const { cdn, failover } = awsSettings(context);
    const names = edgeNames(context);
    const [app] = publicListeners(target);

    if (cdn.enabled) {
      const acl = managed(context, names.webAcl);
      new WebAcl(this, 'web-acl', {
        metadata: acl.metadata,
        spec: {
          providerConfigRef: acl.providerConfigRef,
          forProvider: {
            region: CLOUDFRONT_REGION,
            name: names.webAcl,
            description: `CloudFront in front of ${app.host}`,
            scope: 'CLOUDFRONT',
            defaultAction: { allow: {} },
            ruleJson: JSON.stringify(webAclRules(names.webAcl, cdn.rateLimit)),
            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: names.webAcl, sampledRequestsEnabled: true },
            tags: tagsOf(context, names.webAcl),
          },
        },
      });
    }

    if (cdn.enabled && cdn.certificateArn && cdn.webAclArn) {
      const distribution = managed(context, names.distribution);
      const behaviour = { targetOriginId: ORIGIN_ID, viewerProtocolPolicy: 'redirect-to-https', compress: true, originRequestPolicyId: CLOUDFRONT_POLICIES.allViewer };
      new Distribution(this, 'distribution', {
        metadata: distribution.metadata,
        spec: {
          providerConfigRef: distribution.providerConfigRef,
          forProvider: {
            comment: `${app.host} (${target.name})`,
            enabled: true,
            aliases: [app.host],
            isIpv6Enabled: true,
            httpVersion: 'http2and3',
            priceClass: 'PriceClass_100',
            origin: [
              {
                originId: ORIGIN_ID,
                domainName: originHost(context),
                customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
              },
            ],
            defaultCacheBehavior: { ...behaviour, allowedMethods: ALL_METHODS, cachedMethods: READ_METHODS, cachePolicyId: CLOUDFRONT_POLICIES.cachingDisabled },
            orderedCacheBehavior: cacheablePaths(context).map((pathPattern) => ({ ...behaviour, pathPattern, allowedMethods: READ_METHODS, cachedMethods: READ_METHODS, cachePolicyId: CLOUDFRONT_POLICIES.cachingOptimized })),
            restrictions: { geoRestriction: { restrictionType: 'none' } },
            viewerCertificate: { acmCertificateArn: cdn.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
            webAclId: cdn.webAclArn,
            tags: tagsOf(context, names.distribution),
          },
        },
      });
    }

    const zoneId = target.edge.certificates.dns01?.route53?.hostedZoneID;
    if (failover && zoneId) {
      const check = managed(context, names.healthCheck);
      new HealthCheck(this, 'health-check', {
        metadata: check.metadata,
        spec: {
          providerConfigRef: check.providerConfigRef,
          forProvider: {
            type: 'TCP',
            fqdn: failover.loadBalancerHost,
            port: HEALTH_CHECK.port,
            requestInterval: HEALTH_CHECK.intervalSeconds,
            failureThreshold: HEALTH_CHECK.failureThreshold,
            tags: tagsOf(context, names.healthCheck),
          },
        },
      });
      const role = failoverRole(context);
      for (const [i, host] of failoverHosts(context).entries()) {
        // The first keeps its historical object name (the origin's record); the others are named by their host's role.
        const record = managed(context, i === 0 ? names.failover : context.name(`${host.role}-failover`));
        new Route53Record(this, i === 0 ? 'failover' : `failover-${host.role}`, {
          metadata: record.metadata,
          spec: {
            providerConfigRef: record.providerConfigRef,
            forProvider: {
              zoneId,
              name: host.name,
              type: 'CNAME',
              ttl: FAILOVER_TTL_SECONDS,
              records: [failover.loadBalancerHost],
              setIdentifier: target.name,
              failoverRoutingPolicy: { type: role === 'primary' ? 'PRIMARY' : 'SECONDARY' },
              healthCheckIdRef: ref(names.healthCheck),
            },
          },
        });
      }
    }
  }
}
