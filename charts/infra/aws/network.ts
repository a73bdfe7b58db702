import { Construct } from 'constructs';
import { Eip } from '../../../imports/eips-ec2.aws.m.upbound.io';
import { InternetGateway } from '../../../imports/internetgateways-ec2.aws.m.upbound.io';
import { NatGateway } from '../../../imports/natgateways-ec2.aws.m.upbound.io';
import { RouteTableAssociation } from '../../../imports/routetableassociations-ec2.aws.m.upbound.io';
import { RouteTable } from '../../../imports/routetables-ec2.aws.m.upbound.io';
import { Route } from '../../../imports/routes-ec2.aws.m.upbound.io';
import { SecurityGroupEgressRule } from '../../../imports/securitygroupegressrules-ec2.aws.m.upbound.io';
import { SecurityGroupIngressRule } from '../../../imports/securitygroupingressrules-ec2.aws.m.upbound.io';
import { SecurityGroup } from '../../../imports/securitygroups-ec2.aws.m.upbound.io';
import { Subnet } from '../../../imports/subnets-ec2.aws.m.upbound.io';
import { Vpc } from '../../../imports/vpcs-ec2.aws.m.upbound.io';
import type { EstateContext } from '../estate';
import { awsSettings, managed, ref, tagsOf, type Ref } from './context';

/** Extra prefix bits of a zone's private subnet: a /16 VPC gives /20s (4,094 addresses for nodes and pods). */
export const PRIVATE_SUBNET_BITS = 4;
/** Extra prefix bits of a zone's public subnet: a /16 VPC gives /22s (NAT gateways and load balancers only). */
export const PUBLIC_SUBNET_BITS = 6;
/** The largest VPC prefix whose subnets keep room for a cluster's pods (VPC CNI gives pods VPC addresses). */
export const MAX_VPC_PREFIX = 20;
const ANYWHERE = '0.0.0.0/0';

/** One zone's subnets. */
export interface ZoneSubnets {
  readonly zone: string;
  readonly private: string;
  readonly public: string;
}

const toInt = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/** The `index`-th block of `bits` more prefix bits inside `cidr`. */
function block(cidr: string, bits: number, index: number): string {
  const [address, prefixText] = cidr.split('/');
  const prefix = Number(prefixText) + bits;
  if (prefix > 28) throw new Error(`${cidr} is too small for /${prefix} subnets`);
  const size = 2 ** (32 - prefix);
  if (index >= 2 ** bits) throw new Error(`${cidr} has no block ${index} of /${prefix}`);
  const base = toInt(address) - (toInt(address) % (size * 2 ** bits));
  return `${toIp(base + index * size)}/${prefix}`;
}

/**
 * Carves a VPC's address range into each zone's subnets, deterministically: the private subnets
 * are the first blocks of `PRIVATE_SUBNET_BITS` more bits (the first quarter of the VPC for three
 * zones), the public ones the blocks of `PUBLIC_SUBNET_BITS` more bits right after them. For
 * 10.20.0.0/16: private 10.20.0.0/20, 10.20.16.0/20, 10.20.32.0/20; public 10.20.64.0/22, 10.20.68.0/22, 10.20.72.0/22.
 */
export function carveSubnets(vpcCidr: string, zones: readonly string[]): ZoneSubnets[] {
  // The public subnets start at the VPC's second quarter, after at most four private ones.
  const firstPublic = 2 ** PUBLIC_SUBNET_BITS / 4;
  return zones.map((zone, i) => ({ zone, private: block(vpcCidr, PRIVATE_SUBNET_BITS, i), public: block(vpcCidr, PUBLIC_SUBNET_BITS, firstPublic + i) }));
}

/** What the other parts of the estate reference of the network. */
export interface NetworkRefs {
  readonly vpc: Ref;
  readonly privateSubnets: readonly Ref[];
  readonly publicSubnets: readonly Ref[];
  /** The private subnets' address ranges: where the data services' endpoints live. */
  readonly privateCidrs: readonly string[];
  /** The cluster's own security group (attached to the control plane's network interfaces). */
  readonly nodes: Ref;
}

/** The estate's network objects' names. */
export const networkNames = (context: EstateContext) => ({
  vpc: context.name('vpc'),
  nodes: context.name('nodes'),
  privateSubnet: (zone: string) => context.name(`private-${zone}`),
  publicSubnet: (zone: string) => context.name(`public-${zone}`),
});

/** The private subnets' address ranges of a target. */
export function privateCidrs(context: EstateContext): string[] {
  return carveSubnets(context.target.infra.network.cidr, awsSettings(context).zones).map((s) => s.private);
}

/**
 * The VPC across three zones: a public and a private subnet per zone, an internet gateway, NAT
 * gateways (one per zone or one, `infra.aws.nat`), a route table for the public subnets and one
 * per zone for the private ones, and the nodes' security group.
 */
export class AwsNetwork extends Construct {
  readonly refs: NetworkRefs;

  constructor(scope: Construct, id: string, context: EstateContext) {
    super(scope, id);
    const { target } = context;
    const region = target.cluster.region;
    const settings = awsSettings(context);
    const names = networkNames(context);
    const subnets = carveSubnets(target.infra.network.cidr, settings.zones);
    const object = (name: string) => managed(context, name);

    const vpc = object(names.vpc);
    new Vpc(this, 'vpc', {
      metadata: vpc.metadata,
      spec: { providerConfigRef: vpc.providerConfigRef, forProvider: { region, cidrBlock: target.infra.network.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tagsOf(context, names.vpc) } },
    });
    const igwName = context.name('igw');
    const igw = object(igwName);
    new InternetGateway(this, 'igw', { metadata: igw.metadata, spec: { providerConfigRef: igw.providerConfigRef, forProvider: { region, vpcIdRef: ref(names.vpc), tags: tagsOf(context, igwName) } } });

    for (const s of subnets) {
      for (const [kind, cidr, name, elbRole] of [
        ['public', s.public, names.publicSubnet(s.zone), 'kubernetes.io/role/elb'],
        ['private', s.private, names.privateSubnet(s.zone), 'kubernetes.io/role/internal-elb'],
      ] as const) {
        const o = object(name);
        new Subnet(this, `subnet-${kind}-${s.zone}`, {
          metadata: o.metadata,
          spec: {
            providerConfigRef: o.providerConfigRef,
            forProvider: { region, vpcIdRef: ref(names.vpc), availabilityZone: s.zone, cidrBlock: cidr, mapPublicIpOnLaunch: false, tags: { ...tagsOf(context, name), [elbRole]: '1' } },
          },
        });
      }
    }

    // Public subnets route to the internet gateway.
    const publicTable = context.name('public');
    const pt = object(publicTable);
    new RouteTable(this, 'rt-public', { metadata: pt.metadata, spec: { providerConfigRef: pt.providerConfigRef, forProvider: { region, vpcIdRef: ref(names.vpc), tags: tagsOf(context, publicTable) } } });
    this.route(context, `${publicTable}-internet`, { routeTableIdRef: ref(publicTable), gatewayIdRef: ref(igwName) });
    for (const s of subnets) this.associate(context, `${names.publicSubnet(s.zone)}`, publicTable);

    // NAT gateways in the public subnets; each zone's private subnets route through their zone's, or the one.
    const natZones = settings.nat === 'per-zone' ? subnets.map((s) => s.zone) : [subnets[0].zone];
    for (const zone of natZones) {
      const natName = context.name(`nat-${zone}`);
      const eip = object(natName);
      new Eip(this, `eip-${zone}`, { metadata: eip.metadata, spec: { providerConfigRef: eip.providerConfigRef, forProvider: { region, domain: 'vpc', tags: tagsOf(context, natName) } } });
      new NatGateway(this, `nat-${zone}`, {
        metadata: eip.metadata,
        spec: { providerConfigRef: eip.providerConfigRef, forProvider: { region, allocationIdRef: ref(natName), subnetIdRef: ref(names.publicSubnet(zone)), tags: tagsOf(context, natName) } },
      });
    }
    for (const s of subnets) {
      const table = names.privateSubnet(s.zone);
      const t = object(table);
      new RouteTable(this, `rt-${table}`, { metadata: t.metadata, spec: { providerConfigRef: t.providerConfigRef, forProvider: { region, vpcIdRef: ref(names.vpc), tags: tagsOf(context, table) } } });
      const nat = natZones.includes(s.zone) ? s.zone : natZones[0];
      this.route(context, `${table}-egress`, { routeTableIdRef: ref(table), natGatewayIdRef: ref(context.name(`nat-${nat}`)) });
      this.associate(context, table, table);
    }

    // The nodes' security group: the source every data service admits, egress anywhere (through NAT).
    const nodes = object(names.nodes);
    new SecurityGroup(this, 'sg-nodes', {
      metadata: nodes.metadata,
      spec: { providerConfigRef: nodes.providerConfigRef, forProvider: { region, vpcIdRef: ref(names.vpc), name: names.nodes, description: `Nodes and pods of ${target.cluster.name}`, tags: tagsOf(context, names.nodes) } },
    });
    const egress = object(`${names.nodes}-egress`);
    new SecurityGroupEgressRule(this, 'sg-nodes-egress', {
      metadata: egress.metadata,
      spec: { providerConfigRef: egress.providerConfigRef, forProvider: { region, securityGroupIdRef: ref(names.nodes), ipProtocol: '-1', cidrIpv4: ANYWHERE, description: 'Nodes and pods reach the data services, AWS APIs and, through NAT, the internet', tags: tagsOf(context, `${names.nodes}-egress`) } },
    });

    this.refs = {
      vpc: ref(names.vpc),
      privateSubnets: subnets.map((s) => ref(names.privateSubnet(s.zone))),
      publicSubnets: subnets.map((s) => ref(names.publicSubnet(s.zone))),
      privateCidrs: subnets.map((s) => s.private),
      nodes: ref(names.nodes),
    };
  }

  private route(context: EstateContext, name: string, target: Record<string, Ref>) {
    const o = managed(context, name);
    new Route(this, `route-${name}`, { metadata: o.metadata, spec: { providerConfigRef: o.providerConfigRef, forProvider: { region: context.target.cluster.region, destinationCidrBlock: ANYWHERE, ...target } } });
  }

  private associate(context: EstateContext, subnet: string, table: string) {
    const o = managed(context, `${subnet}-routes`);
    new RouteTableAssociation(this, `rta-${subnet}`, { metadata: o.metadata, spec: { providerConfigRef: o.providerConfigRef, forProvider: { region: context.target.cluster.region, subnetIdRef: ref(subnet), routeTableIdRef: ref(table) } } });
  }
}

/**
 * A data service's security group: it admits its port only from the private subnets, where the
 * cluster's nodes and (with the VPC CNI) its pods get their addresses and nothing else runs, one
 * SecurityGroupIngressRule per zone. Not from a security group: EKS managed node groups without a
 * launch template carry the security group EKS creates for the cluster, whose ID no reference
 * field reaches, so a rule naming our own group would admit nobody.
 */
export function dataSecurityGroup(scope: Construct, context: EstateContext, network: NetworkRefs, service: string, port: number): Ref {
  const region = context.target.cluster.region;
  const name = context.name(service);
  const sg = managed(context, name);
  new SecurityGroup(scope, `sg-${service}`, {
    metadata: sg.metadata,
    spec: { providerConfigRef: sg.providerConfigRef, forProvider: { region, vpcIdRef: network.vpc, name, description: `${service} of ${context.target.cluster.name}: from the cluster's private subnets only`, tags: tagsOf(context, name) } },
  });
  for (const subnet of carveSubnets(context.target.infra.network.cidr, awsSettings(context).zones)) {
    const ruleName = `${name}-from-${subnet.zone}`;
    const rule = managed(context, ruleName);
    new SecurityGroupIngressRule(scope, `sg-${service}-from-${subnet.zone}`, {
      metadata: rule.metadata,
      spec: {
        providerConfigRef: rule.providerConfigRef,
        forProvider: { region, securityGroupIdRef: ref(name), cidrIpv4: subnet.private, ipProtocol: 'tcp', fromPort: port, toPort: port, description: `${service} from the nodes and pods of ${subnet.zone}`, tags: tagsOf(context, ruleName) },
      },
    });
  }
  return ref(name);
}
