import type { ReservedRule, Resources } from './prices';
import { sum, ZERO } from './workloads';

/**
 * Bin-packing of pods onto a pool's nodes: how many nodes the pool needs for a set of pods, given
 * what a node can allocate once the provider's reservation and the DaemonSets on every node are
 * taken out. First-fit decreasing on the pod's larger share of a node (CPU or memory): the result
 * is a lower bound of what the cluster autoscaler provisions, since it ignores spread constraints.
 */

/** A node size as the price data describes it. */
export interface NodeSize {
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly maxPods?: number;
  readonly reserved?: Resources;
}

const MIB_PER_GIB = 1024;

/** What the provider keeps of a node of `size` for the kubelet, the runtime and eviction. */
export function reservedOf(size: NodeSize, rule: ReservedRule, sizeName: string): Resources {
  if (rule.kind === 'per-size') {
    if (!size.reserved) throw new Error(`node size "${sizeName}" has no reserved capacity in the price data (${rule.source})`);
    return size.reserved;
  }
  if (size.maxPods === undefined) throw new Error(`node size "${sizeName}" has no maxPods in the price data: the reservation formula needs it (${rule.source})`);
  let left = size.vcpu;
  let cpu = 0;
  for (const tier of rule.cpuTiers) {
    const cores = Math.min(left, tier.cores ?? left);
    cpu += cores * tier.share;
    left -= cores;
  }
  return { cpu, memoryGiB: (rule.memoryMiBPerPod * size.maxPods + rule.memoryMiBBase + rule.evictionMiB) / MIB_PER_GIB };
}

/** What pods can request on one node: capacity minus the reservation and one pod of every DaemonSet. */
export function allocatable(size: NodeSize, reserved: Resources, daemonSets: readonly Resources[]): Resources {
  const daemons = sum(daemonSets);
  return { cpu: size.vcpu - reserved.cpu - daemons.cpu, memoryGiB: size.memoryGiB - reserved.memoryGiB - daemons.memoryGiB };
}

/** Pods of one workload to place. */
export interface PodGroup {
  readonly name: string;
  readonly requests: Resources;
  readonly count: number;
}

export interface PackInput {
  readonly allocatable: Resources;
  readonly pods: readonly PodGroup[];
  /** The pool's floor and ceiling (`infra.nodePools[*].min`/`max`). */
  readonly min: number;
  readonly max: number;
}

export interface PackResult {
  /** Nodes the pods need, packed tightly. */
  readonly needed: number;
  /** Nodes the pool runs: what the pods need, at least `min` and at most `max`. */
  readonly nodes: number;
  /** Pods beyond what `max` nodes hold: they would stay Pending. */
  readonly overflow: number;
  /** Workloads whose one pod is larger than a node can allocate: they never schedule on this pool. */
  readonly doesNotFit: readonly string[];
  /** Requests placed, summed. */
  readonly requested: Resources;
  /** Requests placed as a share of what `nodes` nodes allocate (0–1). */
  readonly utilization: Resources;
}

const EPSILON = 1e-9;

/** Packs the pods onto as few nodes as possible (first-fit decreasing), then applies the pool's floor and ceiling. */
export function pack(input: PackInput): PackResult {
  const { allocatable: node } = input;
  if (node.cpu <= 0 || node.memoryGiB <= 0) {
    return { needed: 0, nodes: input.min, overflow: 0, doesNotFit: input.pods.filter((p) => p.count > 0).map((p) => p.name), requested: ZERO, utilization: ZERO };
  }
  const share = (r: Resources) => Math.max(r.cpu / node.cpu, r.memoryGiB / node.memoryGiB);
  const doesNotFit = input.pods.filter((p) => p.count > 0 && share(p.requests) > 1 + EPSILON).map((p) => p.name);
  const pods = input.pods
    .filter((p) => !doesNotFit.includes(p.name))
    .flatMap((p) => Array.from({ length: p.count }, () => p.requests))
    .sort((a, b) => share(b) - share(a));
  // Each node: what it has left, and the pods it holds.
  const bins: { free: Resources; pods: Resources[] }[] = [];
  for (const pod of pods) {
    let bin = bins.find((b) => b.free.cpu + EPSILON >= pod.cpu && b.free.memoryGiB + EPSILON >= pod.memoryGiB);
    if (!bin) {
      bin = { free: { ...node }, pods: [] };
      bins.push(bin);
    }
    bin.free = { cpu: bin.free.cpu - pod.cpu, memoryGiB: bin.free.memoryGiB - pod.memoryGiB };
    bin.pods.push(pod);
  }
  const needed = bins.length;
  const nodes = Math.min(Math.max(needed, input.min), input.max);
  // The pods only the nodes past `max` would hold stay Pending.
  const placed = bins.slice(0, nodes).flatMap((b) => b.pods);
  const requested = sum(placed);
  const capacity = { cpu: node.cpu * nodes, memoryGiB: node.memoryGiB * nodes };
  return {
    needed,
    nodes,
    overflow: pods.length - placed.length,
    doesNotFit,
    requested,
    utilization: { cpu: capacity.cpu > 0 ? requested.cpu / capacity.cpu : 0, memoryGiB: capacity.memoryGiB > 0 ? requested.memoryGiB / capacity.memoryGiB : 0 },
  };
}
