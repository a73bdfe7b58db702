/** The AWS estate's network: subnets carved from the VPC's range, NAT per environment, data services admitted from the nodes only. */
import { estateContext } from '../../../charts/infra/estate';
import { carveSubnets, privateCidrs } from '../../../charts/infra/aws/network';
import { cloudProfile } from '../../../charts/cloud';
import { configProblems } from '../../support/overlay';
import { forProvider, ofKind, one, renderEstate } from '../../support/estate';
import { cidrContains, parseIPv4 } from '../../support/ipv4';

const ipv4 = (n: number) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');

describe('carveSubnets', () => {
  it('gives each zone a /20 private and a /22 public subnet of a /16, in a fixed order', () => {
    expect(carveSubnets('10.20.0.0/16', ['us-east-1a', 'us-east-1b', 'us-east-1c'])).toEqual([
      { zone: 'us-east-1a', private: '10.20.0.0/20', public: '10.20.64.0/22' },
      { zone: 'us-east-1b', private: '10.20.16.0/20', public: '10.20.68.0/22' },
      { zone: 'us-east-1c', private: '10.20.32.0/20', public: '10.20.72.0/22' },
    ]);
  });

  it('scales with the VPC range and never overlaps', () => {
    const subnets = carveSubnets('10.30.0.0/18', ['a', 'b', 'c']);
    expect(subnets.map((s) => s.private)).toEqual(['10.30.0.0/22', '10.30.4.0/22', '10.30.8.0/22']);
    expect(subnets.map((s) => s.public)).toEqual(['10.30.16.0/24', '10.30.17.0/24', '10.30.18.0/24']);
  });

  it('refuses a range too small for its subnets', () => {
    expect(() => carveSubnets('10.0.0.0/24', ['a'])).toThrow('too small');
  });
});

describe.each(['eks-production', 'eks-staging'])('the network of %s', (name) => {
  const { target, estate } = renderEstate(name);
  const context = estateContext(target, cloudProfile(target.cloud));

  it('renders the carved subnets in three zones, private ones tagged for internal load balancers', () => {
    const subnets = ofKind(estate, 'ec2.aws.m.upbound.io/Subnet').map(forProvider);
    const carved = carveSubnets(target.infra.network.cidr, [`${target.cluster.region}a`, `${target.cluster.region}b`, `${target.cluster.region}c`]);
    expect(subnets.map((s) => `${s.availabilityZone} ${s.cidrBlock}`).sort()).toEqual(carved.flatMap((c) => [`${c.zone} ${c.private}`, `${c.zone} ${c.public}`]).sort());
    expect(subnets.filter((s) => carved.some((c) => c.private === s.cidrBlock)).every((s) => s.tags['kubernetes.io/role/internal-elb'] === '1')).toBe(true);
    expect(privateCidrs(context)).toEqual(carved.map((c) => c.private));
  });

  it(`runs ${name === 'eks-production' ? 'a NAT gateway per zone' : 'one NAT gateway'}, each private subnet routed through one`, () => {
    const nats = ofKind(estate, 'ec2.aws.m.upbound.io/NATGateway');
    expect(nats).toHaveLength(target.environment === 'production' ? 3 : 1);
    const egress = ofKind(estate, 'ec2.aws.m.upbound.io/Route').filter((r) => forProvider(r).natGatewayIdRef);
    expect(egress).toHaveLength(3);
    expect(new Set(egress.map((r) => forProvider(r).natGatewayIdRef.name))).toEqual(new Set(nats.map((n) => n.metadata.name)));
  });

  it('admits PostgreSQL, Valkey and Kafka only from the private subnets the nodes and pods live in, one rule per zone', () => {
    const rules = ofKind(estate, 'ec2.aws.m.upbound.io/SecurityGroupIngressRule').map(forProvider);
    expect(rules.map((r) => [r.securityGroupIdRef.name, r.fromPort])).toEqual(
      expect.arrayContaining([
        [context.name('postgres'), 5432],
        [context.name('cache'), 6379],
        [context.name('kafka'), 9098],
      ]),
    );
    const privateRanges = ofKind(estate, 'ec2.aws.m.upbound.io/Subnet').filter((s) => s.metadata.name.includes('-private-')).map((s) => forProvider(s).cidrBlock);
    expect(privateRanges).toHaveLength(3);
    for (const service of ['postgres', 'cache', 'kafka']) {
      const own = rules.filter((r) => r.securityGroupIdRef.name === context.name(service));
      expect(own.map((r) => r.cidrIpv4).sort()).toEqual([...privateRanges].sort());
      for (const rule of own) expect([rule.referencedSecurityGroupIdRef, rule.cidrIpv6, rule.prefixListId]).toEqual([undefined, undefined, undefined]);
    }
    expect(one(estate, 'eks.aws.m.upbound.io/Cluster', target.cluster.name)).toBeDefined();
  });
});

describe.each(['eks-production', 'eks-staging'])('the VPC endpoints of %s', (name) => {
  const { target, estate } = renderEstate(name);
  const region = target.cluster.region;
  const endpoints = ofKind(estate, 'ec2.aws.m.upbound.io/VPCEndpoint');
  const privateTables = ofKind(estate, 'ec2.aws.m.upbound.io/RouteTable').filter((t) => t.metadata.name.includes('-private-')).map((t) => t.metadata.name);
  const privateSubnets = ofKind(estate, 'ec2.aws.m.upbound.io/Subnet').filter((s) => s.metadata.name.includes('-private-'));

  it('routes S3 through a gateway endpoint on every private route table, off the NAT gateways', () => {
    const s3 = endpoints.find((e) => forProvider(e).serviceName === `com.amazonaws.${region}.s3`)!;
    expect(forProvider(s3).vpcEndpointType).toBe('Gateway');
    const tables = ofKind(estate, 'ec2.aws.m.upbound.io/VPCEndpointRouteTableAssociation').map(forProvider).filter((a) => a.vpcEndpointIdRef.name === s3.metadata.name);
    expect(tables.map((a) => a.routeTableIdRef.name).sort()).toEqual([...privateTables].sort());
    expect(privateTables).toHaveLength(3);
  });

  it('reaches CloudWatch Logs through an interface endpoint with private DNS in the private subnets, admitting HTTPS from them only', () => {
    const logs = endpoints.find((e) => forProvider(e).serviceName === `com.amazonaws.${region}.logs`)!;
    expect(forProvider(logs)).toMatchObject({ vpcEndpointType: 'Interface', privateDnsEnabled: true });
    const subnets = ofKind(estate, 'ec2.aws.m.upbound.io/VPCEndpointSubnetAssociation').map(forProvider).filter((a) => a.vpcEndpointIdRef.name === logs.metadata.name);
    expect(subnets.map((a) => a.subnetIdRef.name).sort()).toEqual(privateSubnets.map((s) => s.metadata.name).sort());
    const [association] = ofKind(estate, 'ec2.aws.m.upbound.io/VPCEndpointSecurityGroupAssociation').map(forProvider).filter((a) => a.vpcEndpointIdRef.name === logs.metadata.name);
    const rules = ofKind(estate, 'ec2.aws.m.upbound.io/SecurityGroupIngressRule').map(forProvider).filter((r) => r.securityGroupIdRef.name === association.securityGroupIdRef.name);
    expect(rules.map((r) => [r.cidrIpv4, r.fromPort, r.toPort]).sort()).toEqual(privateSubnets.map((s) => [forProvider(s).cidrBlock, 443, 443]).sort());
    // The collector's NetworkPolicy admits the log store's range: every private subnet, where the endpoint's addresses are, lies inside it.
    for (const subnet of privateSubnets) {
      const [base, bits] = forProvider(subnet).cidrBlock.split('/');
      const last = ipv4((parseIPv4(base)! + 2 ** (32 - Number(bits)) - 1) >>> 0);
      expect(target.logging.destination.cidrs.some((range) => cidrContains(range, base) && cidrContains(range, last))).toBe(true);
    }
  });
});

describe('network config', () => {
  it('refuses a VPC too small for the pods and zones of another region', () => {
    expect(
      configProblems('eks-staging', (input) => {
        input.infra.network.cidr = '10.30.0.0/22';
        input.infra.aws = { zones: ['us-east-1a', 'us-west-2b', 'us-east-1c'] };
      }),
    ).toEqual([
      'infra.aws.zones[1]: "us-west-2b" is not a zone of the cluster\'s region us-east-1',
      'infra.network.cidr: /22 is too small on AWS: pods take VPC addresses (VPC CNI); use a /20 or larger range',
    ]);
  });

  it('runs a NAT gateway per zone in staging when asked', () => {
    const { estate } = renderEstate('eks-staging', (input) => (input.infra.aws = { nat: 'per-zone' }));
    expect(ofKind(estate, 'ec2.aws.m.upbound.io/NATGateway')).toHaveLength(3);
  });
});
