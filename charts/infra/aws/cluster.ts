import { Construct } from 'constructs';
import { Addon } from '../../../imports/addons-eks.aws.m.upbound.io';
import { Cluster } from '../../../imports/clusters-eks.aws.m.upbound.io';
import { NodeGroup } from '../../../imports/nodegroups-eks.aws.m.upbound.io';
import type { EstateContext } from '../estate';
import { managed, ref, tagsOf, type Ref } from './context';
import { awsManagedPolicy, iamRole } from './iam';
import type { NetworkRefs } from './network';

/** Every control-plane log type EKS ships to CloudWatch Logs; `audit` is the one the issue requires. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** The node label that names a node's pool; the pool's purpose is `POOL_PURPOSE_LABEL`. */
export const POOL_LABEL = 'moderation.io/pool';
export const POOL_PURPOSE_LABEL = 'moderation.io/purpose';
/**
 * The taint of spot pools: `PreferNoSchedule`, so serving pods stay on on-demand nodes while they
 * fit, and batch pods (which tolerate nothing today) still schedule on spot.
 */
export const SPOT_TAINT = { key: 'moderation.io/capacity', value: 'spot', effect: 'PREFER_NO_SCHEDULE' } as const;

/** VPC CNI's settings: enforce Kubernetes NetworkPolicies (the platform's isolation depends on them). */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: 'true' } as const;

/**
 * The EKS add-ons the platform relies on: VPC CNI with NetworkPolicy enforcement, the Pod Identity
 * agent (every workload identity), CoreDNS and kube-proxy. Versions are EKS's default for the
 * cluster's Kubernetes version: an upgrade of `infra.kubernetesVersion` moves them with it.
 */
export const EKS_ADDONS: readonly { readonly name: string; readonly configurationValues?: object }[] = [
  { name: 'vpc-cni', configurationValues: VPC_CNI_CONFIGURATION },
  { name: 'eks-pod-identity-agent' },
  { name: 'coredns' },
  { name: 'kube-proxy' },
];

/** Nodes a rolling node-group update replaces at a time. */
const MAX_UNAVAILABLE_NODES = 1;

/**
 * The EKS cluster (`target.cluster.name`): its pinned Kubernetes version, a private API endpoint
 * (public only for `infra.apiAccessCidrs`), every control-plane log type, API access entries for
 * EKS Pod Identity; a managed node group per `infra.nodePools` entry; its add-ons.
 */
export class AwsCluster extends Construct {
  /** The Cluster object, for `clusterNameRef`. */
  readonly cluster: Ref;

  constructor(scope: Construct, id: string, context: EstateContext, network: NetworkRefs) {
    super(scope, id);
    const { target } = context;
    const { infra } = target;
    const region = target.cluster.region;
    const clusterName = target.cluster.name;

    const clusterRole = iamRole(this, context, {
      name: context.name('cluster'),
      description: `EKS control plane of ${clusterName}`,
      service: 'eks.amazonaws.com',
      managedPolicies: [awsManagedPolicy('AmazonEKSClusterPolicy')],
    });
    const nodeRole = iamRole(this, context, {
      name: context.name('node'),
      description: `Nodes of ${clusterName}: join the cluster, pull from ECR, VPC CNI`,
      service: 'ec2.amazonaws.com',
      managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy'].map(awsManagedPolicy),
    });

    const publicAccess = infra.apiAccessCidrs.length > 0;
    const cluster = managed(context, clusterName);
    new Cluster(this, 'cluster', {
      metadata: cluster.metadata,
      spec: {
        providerConfigRef: cluster.providerConfigRef,
        forProvider: {
          region,
          version: infra.kubernetesVersion,
          roleArnRef: clusterRole,
          vpcConfig: {
            subnetIdRefs: [...network.privateSubnets],
            securityGroupIdRefs: [network.nodes],
            endpointPrivateAccess: true,
            endpointPublicAccess: publicAccess,
            publicAccessCidrs: publicAccess ? [...infra.apiAccessCidrs] : undefined,
          },
          enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
          // Access entries (the API) rather than the aws-auth ConfigMap; the creator (the provider's
          // role) administers the cluster so the platform's bootstrap can reach it.
          accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
          deletionProtection: target.environment === 'production',
          upgradePolicy: { supportType: 'STANDARD' },
          tags: tagsOf(context, clusterName),
        },
      },
    });
    this.cluster = ref(clusterName);

    for (const [pool, settings] of Object.entries(infra.nodePools)) {
      const name = context.name(pool);
      const group = managed(context, name);
      new NodeGroup(this, `nodes-${pool}`, {
        metadata: group.metadata,
        spec: {
          providerConfigRef: group.providerConfigRef,
          forProvider: {
            region,
            clusterNameRef: this.cluster,
            nodeRoleArnRef: nodeRole,
            subnetIdRefs: [...network.privateSubnets],
            version: infra.kubernetesVersion,
            instanceTypes: [settings.size],
            capacityType: settings.spot ? 'SPOT' : 'ON_DEMAND',
            scalingConfig: { minSize: settings.min, maxSize: settings.max, desiredSize: settings.min },
            updateConfig: { maxUnavailable: MAX_UNAVAILABLE_NODES },
            labels: { [POOL_LABEL]: pool, [POOL_PURPOSE_LABEL]: settings.purpose },
            taint: settings.spot ? [{ ...SPOT_TAINT }] : undefined,
            tags: tagsOf(context, name),
          },
        },
      });
    }

    for (const addon of EKS_ADDONS) {
      const o = managed(context, context.name(addon.name));
      new Addon(this, `addon-${addon.name}`, {
        metadata: o.metadata,
        spec: {
          providerConfigRef: o.providerConfigRef,
          forProvider: {
            region,
            clusterNameRef: this.cluster,
            addonName: addon.name,
            configurationValues: addon.configurationValues ? JSON.stringify(addon.configurationValues) : undefined,
            resolveConflictsOnCreate: 'OVERWRITE',
            resolveConflictsOnUpdate: 'OVERWRITE',
            tags: tagsOf(context, o.metadata.name),
          },
        },
      });
    }
  }
}
