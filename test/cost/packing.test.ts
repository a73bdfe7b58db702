/** Bin-packing pods onto a pool's nodes: cases whose right answer is known by hand. */
import { allocatable, pack, reservedOf } from '../../charts/cost/packing';
import { priceData, type ReservedRule } from '../../charts/cost/prices';

const NODE = { cpu: 2, memoryGiB: 4 };

describe('pack', () => {
  it('fills nodes exactly when the pods add up to whole nodes', () => {
    const result = pack({ allocatable: NODE, pods: [{ name: 'a', requests: { cpu: 1, memoryGiB: 2 }, count: 4 }], min: 0, max: 10 });
    expect(result).toMatchObject({ needed: 2, nodes: 2, overflow: 0, doesNotFit: [] });
    expect(result.utilization).toEqual({ cpu: 1, memoryGiB: 1 });
  });

  it('opens another node when one pod more does not fit, on either resource', () => {
    const cpuBound = pack({ allocatable: NODE, pods: [{ name: 'a', requests: { cpu: 0.75, memoryGiB: 0.5 }, count: 3 }], min: 0, max: 10 });
    expect(cpuBound.needed).toBe(2);
    const memoryBound = pack({ allocatable: NODE, pods: [{ name: 'a', requests: { cpu: 0.1, memoryGiB: 1.5 }, count: 3 }], min: 0, max: 10 });
    expect(memoryBound.needed).toBe(2);
  });

  it('packs large pods first, so small ones fill the gaps', () => {
    const result = pack({
      allocatable: NODE,
      pods: [
        { name: 'small', requests: { cpu: 0.5, memoryGiB: 1 }, count: 2 },
        { name: 'large', requests: { cpu: 1.5, memoryGiB: 3 }, count: 2 },
      ],
      min: 0,
      max: 10,
    });
    expect(result.needed).toBe(2);
  });

  it('flags a pod larger than a node allocates and places none of its replicas', () => {
    const result = pack({
      allocatable: NODE,
      pods: [
        { name: 'Deployment ns/huge', requests: { cpu: 1, memoryGiB: 4.5 }, count: 3 },
        { name: 'fits', requests: { cpu: 1, memoryGiB: 1 }, count: 1 },
      ],
      min: 0,
      max: 10,
    });
    expect(result.doesNotFit).toEqual(['Deployment ns/huge']);
    expect(result.needed).toBe(1);
    expect(result.requested).toEqual({ cpu: 1, memoryGiB: 1 });
  });

  it('keeps the pool at its min when the pods need fewer nodes', () => {
    const result = pack({ allocatable: NODE, pods: [{ name: 'a', requests: { cpu: 0.5, memoryGiB: 1 }, count: 1 }], min: 3, max: 5 });
    expect(result).toMatchObject({ needed: 1, nodes: 3 });
    expect(result.utilization.cpu).toBeCloseTo(0.5 / 6);
  });

  it('stops at the pool max and counts the pods that would stay Pending', () => {
    const result = pack({ allocatable: NODE, pods: [{ name: 'a', requests: { cpu: 2, memoryGiB: 1 }, count: 5 }], min: 1, max: 3 });
    expect(result).toMatchObject({ needed: 5, nodes: 3, overflow: 2 });
  });
});

describe('allocatable', () => {
  it('is the capacity less the reservation and one pod of every DaemonSet', () => {
    const node = allocatable({ vcpu: 4, memoryGiB: 16 }, { cpu: 0.1, memoryGiB: 2 }, [
      { cpu: 0.1, memoryGiB: 0.25 },
      { cpu: 0.2, memoryGiB: 0.75 },
    ]);
    expect(node.cpu).toBeCloseTo(3.6);
    expect(node.memoryGiB).toBeCloseTo(13);
  });

  it('a DaemonSet can take the last room: a pod that fits a bare node no longer does', () => {
    const bare = allocatable({ vcpu: 2, memoryGiB: 4 }, { cpu: 0, memoryGiB: 0 }, []);
    const loaded = allocatable({ vcpu: 2, memoryGiB: 4 }, { cpu: 0, memoryGiB: 0.5 }, [{ cpu: 0.1, memoryGiB: 0.25 }]);
    const pod = { name: 'p', requests: { cpu: 1, memoryGiB: 3.5 }, count: 1 };
    expect(pack({ allocatable: bare, pods: [pod], min: 0, max: 1 }).doesNotFit).toEqual([]);
    expect(pack({ allocatable: loaded, pods: [pod], min: 0, max: 1 }).doesNotFit).toEqual(['p']);
  });
});

describe('reservedOf', () => {
  const data = priceData();
  const eks = data.clouds.eks.reserved as Extract<ReservedRule, { kind: 'per-pod-formula' }>;

  it('follows the per-pod formula: memory per pod plus a base and the eviction threshold, CPU in tiers of cores', () => {
    const size = data.clouds.eks.regions['us-east-1'].nodes.sizes['m7i.xlarge'];
    const reserved = reservedOf(size, eks, 'm7i.xlarge');
    expect(reserved.memoryGiB).toBeCloseTo((eks.memoryMiBPerPod * size.maxPods! + eks.memoryMiBBase + eks.evictionMiB) / 1024);
    // 4 cores: the first at 6 %, the second at 1 %, the next two at 0.5 %.
    expect(reserved.cpu).toBeCloseTo(0.06 + 0.01 + 2 * 0.005);
  });

  it('takes the documented per-size reservation where the cloud publishes one', () => {
    const size = data.clouds.doks.regions.nyc3.nodes.sizes['s-4vcpu-8gb'];
    expect(reservedOf(size, data.clouds.doks.reserved, 's-4vcpu-8gb')).toEqual(size.reserved);
  });

  it('names a size the price data cannot reserve for', () => {
    expect(() => reservedOf({ vcpu: 2, memoryGiB: 4 }, eks, 'x.large')).toThrow('node size "x.large" has no maxPods');
    expect(() => reservedOf({ vcpu: 2, memoryGiB: 4 }, data.clouds.doks.reserved, 's-x')).toThrow('node size "s-x" has no reserved capacity');
  });
});
