import type { Construct } from 'constructs';
import { Vpc } from '../../../imports/vpcs-vpc.digitalocean.m.crossplane.io';
import type { EstateContext } from '../estate';
import { managed, NAMES } from './common';

/** The target's VPC: the cluster's nodes and the managed databases share it, and reach each other privately. */
export function buildNetwork(scope: Construct, context: EstateContext): Vpc {
  const { metadata, providerConfigRef } = managed(context, NAMES.vpc);
  return new Vpc(scope, 'vpc', {
    metadata,
    spec: {
      providerConfigRef,
      forProvider: {
        name: metadata.name,
        region: context.target.cluster.region,
        ipRange: context.target.infra.network.cidr,
        description: `${context.target.name}: the cluster's nodes and its managed databases`,
      },
    },
  });
}
