import { Construct } from 'constructs';
import { VpcEndpointRouteTableAssociation } from '../../../imports/vpcendpointroutetableassociations-ec2.aws.m.upbound.io';
import { VpcEndpoint } from '../../../imports/vpcendpoints-ec2.aws.m.upbound.io';
import { VpcEndpointSecurityGroupAssociation } from '../../../imports/vpcendpointsecuritygroupassociations-ec2.aws.m.upbound.io';
import { VpcEndpointSubnetAssociation } from '../../../imports/vpcendpointsubnetassociations-ec2.aws.m.upbound.io';
import type { EstateContext } from '../estate';
import { awsSettings, managed, ref, tagsOf } from './context';
import { carveSubnets, dataSecurityGroup, networkNames, type NetworkRefs } from './network';

/** HTTPS: the only port an interface endpoint serves. */
const HTTPS_PORT = 443;

/**
 * The VPC endpoints that keep the platform's AWS traffic off the NAT gateways and the internet:
 * - S3, a gateway endpoint on every private route table: the backups, the restore test and
 *   ml-inference's model registry reach S3 without NAT (and its per-GB processing charge);
 * - CloudWatch Logs, an interface endpoint in every private subnet with private DNS, so the log
 *   collector's `logs.<region>.amazonaws.com` resolves to addresses in the private subnets, the
 *   range its NetworkPolicy (`logging.destination.cidrs`) admits; its security group admits HTTPS
 *   from the private subnets only.
 */
export class AwsVpcEndpoints extends Construct {
  constructor(scope: Construct, id: string, context: EstateContext, network: NetworkRefs) {
    super(scope, id);
    const region = context.target.cluster.region;
    const names = networkNames(context);
    const subnets = carveSubnets(context.target.infra.network.cidr, awsSettings(context).zones);

    const s3 = context.name('s3');
    const gateway = managed(context, s3);
    new VpcEndpoint(this, 's3', {
      metadata: gateway.metadata,
      spec: { providerConfigRef: gateway.providerConfigRef, forProvider: { region, vpcIdRef: network.vpc, vpcEndpointType: 'Gateway', serviceName: `com.amazonaws.${region}.s3`, tags: tagsOf(context, s3) } },
    });
    for (const subnet of subnets) {
      const table = names.privateSubnet(subnet.zone);
      const o = managed(context, `${s3}-${subnet.zone}`);
      new VpcEndpointRouteTableAssociation(this, `s3-${subnet.zone}`, {
        metadata: o.metadata,
        spec: { providerConfigRef: o.providerConfigRef, forProvider: { region, vpcEndpointIdRef: ref(s3), routeTableIdRef: ref(table) } },
      });
    }

    const logs = context.name('logs');
    const securityGroup = dataSecurityGroup(this, context, network, 'logs-endpoint', HTTPS_PORT);
    const iface = managed(context, logs);
    new VpcEndpoint(this, 'logs', {
      metadata: iface.metadata,
      spec: { providerConfigRef: iface.providerConfigRef, forProvider: { region, vpcIdRef: network.vpc, vpcEndpointType: 'Interface', serviceName: `com.amazonaws.${region}.logs`, privateDnsEnabled: true, tags: tagsOf(context, logs) } },
    });
    for (const subnet of subnets) {
      const o = managed(context, `${logs}-${subnet.zone}`);
      new VpcEndpointSubnetAssociation(this, `logs-${subnet.zone}`, {
        metadata: o.metadata,
        spec: { providerConfigRef: o.providerConfigRef, forProvider: { region, vpcEndpointIdRef: ref(logs), subnetIdRef: ref(names.privateSubnet(subnet.zone)) } },
      });
    }
    const association = managed(context, `${logs}-security-group`);
    new VpcEndpointSecurityGroupAssociation(this, 'logs-security-group', {
      metadata: association.metadata,
      spec: { providerConfigRef: association.providerConfigRef, forProvider: { region, vpcEndpointIdRef: ref(logs), securityGroupIdRef: securityGroup, replaceDefaultAssociation: true } },
    });
  }
}
