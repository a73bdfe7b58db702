/** CloudFront and AWS WAF in front of the load balancer; Route 53 failover between a primary and its DR target. */
import { cloudProfile } from '../../../charts/cloud';
import { estateContext } from '../../../charts/infra/estate';
import { configProblems } from '../../support/overlay';
import { forProvider, ofKind, one, renderEstate } from '../../support/estate';

const ACL_ID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const withWebAcl = (input: Record<string, any>) => (input.infra.aws.cdn.webAclArn = `arn:aws:wafv2:us-east-1:123456789012:global/webacl/${input.cluster.name}-edge/${ACL_ID}`);

describe('the edge of eks-production', () => {
  const { target, estate } = renderEstate('eks-production', withWebAcl);
  const context = estateContext(target, cloudProfile(target.cloud));
  const acl = one(estate, 'wafv2.aws.m.upbound.io/WebACL', context.name('edge'));
  const distribution = forProvider(one(estate, 'cloudfront.aws.m.upbound.io/Distribution', context.name('cdn')));

  it('has a web ACL of CloudFront scope in us-east-1: AWS managed rule groups, then a per-address rate limit', () => {
    expect(forProvider(acl)).toMatchObject({ scope: 'CLOUDFRONT', region: 'us-east-1', defaultAction: { allow: {} } });
    const rules = JSON.parse(forProvider(acl).ruleJson);
    expect(rules.map((r: { Statement: { ManagedRuleGroupStatement?: { Name: string } } }) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean)).toEqual(
      expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']),
    );
    expect(rules.at(-1)).toMatchObject({ Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } }, Action: { Block: {} } });
  });

  it('attaches the estate\'s own web ACL to the distribution', () => {
    expect(distribution.webAclId).toBe(target.infra.aws!.cdn.webAclArn);
    expect(distribution.webAclId.split('/')[2]).toBe(acl.metadata.name);
  });

  it('caches /_next/static for the app\'s host and sends everything else to the origin uncached', () => {
    expect(distribution.aliases).toEqual([target.domain]);
    expect(distribution.orderedCacheBehavior.map((b: { pathPattern: string }) => b.pathPattern)).toEqual(['/_next/static/*']);
    expect(distribution.orderedCacheBehavior[0].cachePolicyId).not.toBe(distribution.defaultCacheBehavior.cachePolicyId);
    expect(distribution.defaultCacheBehavior.allowedMethods).toContain('POST');
    expect(distribution.origin[0]).toMatchObject({ domainName: `origin.${target.domain}`, customOriginConfig: { originProtocolPolicy: 'https-only' } });
  });

  it('refuses a web ACL that is not the estate\'s', () => {
    expect(configProblems('eks-production', (input) => (input.infra.aws.cdn.webAclArn = `arn:aws:wafv2:us-east-1:123456789012:global/webacl/other/${ACL_ID}`))).toEqual([
      'infra.aws.cdn.webAclArn: names the web ACL "other": the estate\'s own is "moderation-prod-edge" (its status.atProvider.arn)',
    ]);
  });
});

describe('CloudFront without its WAF', () => {
  it('is not rendered until the web ACL\'s ARN is known', () => {
    const { estate } = renderEstate('eks-staging');
    expect(ofKind(estate, 'wafv2.aws.m.upbound.io/WebACL')).toHaveLength(1);
    expect(ofKind(estate, 'cloudfront.aws.m.upbound.io/Distribution')).toEqual([]);
  });
});

describe('failover', () => {
  it('health-checks the load balancer and fails the origin host over: PRIMARY here, SECONDARY in the DR target', () => {
    for (const role of ['primary', 'secondary'] as const) {
      const { target, estate } = renderEstate('eks-production', (input) => (input.infra.aws.failover = { role, loadBalancerHost: 'edge-1234.elb.us-east-1.amazonaws.com' }));
      const record = forProvider(ofKind(estate, 'route53.aws.m.upbound.io/Record')[0]);
      expect(record).toMatchObject({ zoneId: target.edge.certificates.dns01!.route53!.hostedZoneID, name: `origin.${target.domain}`, failoverRoutingPolicy: { type: role.toUpperCase() }, records: ['edge-1234.elb.us-east-1.amazonaws.com'] });
      expect(forProvider(one(estate, 'route53.aws.m.upbound.io/HealthCheck', record.healthCheckIdRef.name)).fqdn).toBe('edge-1234.elb.us-east-1.amazonaws.com');
    }
  });

  it('needs the domain\'s hosted zone', () => {
    expect(
      configProblems('eks-staging', (input) => {
        input.infra.aws.failover = { role: 'primary', loadBalancerHost: 'edge.example.com' };
      }),
    ).toEqual(["infra.aws.failover: needs the domain's Route 53 hosted zone: set edge.certificates.dns01.route53.hostedZoneID"]);
  });
});
