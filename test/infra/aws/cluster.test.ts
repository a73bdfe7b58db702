/** The EKS cluster of the AWS estate: pinned, private, audited, on-demand serving, the add-ons the platform relies on. */
import { POOL_LABEL, SPOT_TAINT } from '../../../charts/infra/aws/cluster';
import { configProblems } from '../../support/overlay';
import { forProvider, ofKind, one, renderEstate } from '../../support/estate';

describe.each(['eks-production', 'eks-staging'])('the cluster of %s', (name) => {
  const { target, estate } = renderEstate(name);
  const cluster = forProvider(one(estate, 'eks.aws.m.upbound.io/Cluster', target.cluster.name));

  it('pins the Kubernetes version, keeps the API private and logs every control-plane type including audit', () => {
    expect(cluster.version).toBe(target.infra.kubernetesVersion);
    expect(cluster.vpcConfig.endpointPrivateAccess).toBe(true);
    expect(cluster.vpcConfig.endpointPublicAccess).toBe(target.infra.apiAccessCidrs.length > 0);
    expect(cluster.enabledClusterLogTypes).toContain('audit');
    expect(cluster.accessConfig.authenticationMode).toBe('API');
  });

  it('runs a node group per pool: on-demand unless the pool is a spot batch pool, labelled with its pool', () => {
    const groups = ofKind(estate, 'eks.aws.m.upbound.io/NodeGroup').map(forProvider);
    expect(groups).toHaveLength(Object.keys(target.infra.nodePools).length);
    for (const [pool, settings] of Object.entries(target.infra.nodePools) as [string, (typeof target.infra.nodePools)[string]][]) {
      const group = groups.find((g) => g.labels[POOL_LABEL] === pool);
      expect(group).toMatchObject({ instanceTypes: [settings.size], scalingConfig: { minSize: settings.min, maxSize: settings.max } });
      expect(group.capacityType).toBe(settings.spot ? 'SPOT' : 'ON_DEMAND');
      expect(group.taint).toEqual(settings.spot ? [SPOT_TAINT] : undefined);
    }
    const spot = groups.filter((g) => g.capacityType === 'SPOT');
    expect(spot.map((g) => target.infra.nodePools[g.labels[POOL_LABEL]].purpose)).toEqual(spot.map(() => 'batch'));
  });

  it('installs VPC CNI with NetworkPolicy enforcement and the Pod Identity agent', () => {
    const addons = ofKind(estate, 'eks.aws.m.upbound.io/Addon').map(forProvider);
    const cni = addons.find((a) => a.addonName === 'vpc-cni');
    expect(JSON.parse(cni.configurationValues)).toEqual({ enableNetworkPolicy: 'true' });
    expect(addons.map((a) => a.addonName)).toContain('eks-pod-identity-agent');
    expect(addons.every((a) => a.clusterNameRef.name === target.cluster.name)).toBe(true);
  });
});

describe('API access', () => {
  it('opens the public endpoint only to the configured ranges', () => {
    const { target, estate } = renderEstate('eks-staging', (input) => (input.infra.apiAccessCidrs = ['203.0.113.0/24']));
    const cluster = forProvider(one(estate, 'eks.aws.m.upbound.io/Cluster', target.cluster.name));
    expect(cluster.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] });
  });

  it('spreads Kafka brokers evenly over the zones', () => {
    expect(configProblems('eks-staging', (input) => (input.infra.kafka.brokers = 4))).toEqual(['infra.kafka.brokers: 4 brokers cannot be spread evenly over 3 zones: MSK needs a multiple of 3']);
  });
});
