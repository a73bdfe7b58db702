import { isRecord } from '../config/primitives';
import { loadTargetSources, OverlayLoadError, targetNames, UnknownTargetError } from '../targets';

/** A target as the disaster-recovery pairing reads it from its overlay (raw, not validated): identity, and where its estate lives. */
export interface OverlayTarget {
  readonly name: string;
  readonly cloud: unknown;
  readonly environment: unknown;
  readonly region: unknown;
  /** Where it keeps copies of its database backups (`infra.postgres.crossRegionBackup.region`). */
  readonly backupRegion: unknown;
  readonly domain: unknown;
  /** Its cluster's name: its estate's resources are named `<cluster>-<suffix>`. */
  readonly clusterName: unknown;
  /** The VPC's address range of its estate (`infra.network.cidr`). */
  readonly networkCidr: unknown;
  /** The management cluster's namespace of its estate (`infra.namespace`, else its name). */
  readonly estateNamespace: string;
  /** The target's own `disasterRecovery` section: a primary has none. */
  readonly disasterRecovery: unknown;
}

const cache = new Map<string, OverlayTarget | undefined>();
let everyTarget: readonly OverlayTarget[] | undefined;

/**
 * A target read from its overlay in `overlays/` (charts/targets.ts): the primary a standby names, or
 * undefined when there is no such overlay or it does not load (synthesis reports that overlay
 * itself). Raw values: each target is validated on its own; the pairing only compares and names.
 */
export function overlayTarget(name: string): OverlayTarget | undefined {
  if (!cache.has(name)) cache.set(name, load(name));
  return cache.get(name);
}

/**
 * The standbys that name `primary` (their `disasterRecovery.primary`), read from every overlay in
 * `overlays/`: the primary's estate places the database replica where its standby runs.
 */
export function standbysOf(primary: string): OverlayTarget[] {
  everyTarget ??= targetNames()
    .map((name) => overlayTarget(name))
    .filter((t): t is OverlayTarget => t !== undefined);
  return everyTarget.filter((t) => isRecord(t.disasterRecovery) && t.disasterRecovery.primary === primary);
}

function load(name: string): OverlayTarget | undefined {
  let input: unknown;
  try {
    [{ input }] = loadTargetSources([name]);
  } catch (error) {
    if (error instanceof UnknownTargetError || error instanceof OverlayLoadError) return undefined;
    throw error;
  }
  return fromInput(name, input);
}

function fromInput(name: string, input: unknown): OverlayTarget | undefined {
  if (!isRecord(input)) return undefined;
  const cluster = isRecord(input.cluster) ? input.cluster : {};
  const infra = isRecord(input.infra) ? input.infra : {};
  return {
    name,
    cloud: input.cloud,
    environment: input.environment,
    region: cluster.region,
    backupRegion: isRecord(infra.postgres) && isRecord(infra.postgres.crossRegionBackup) ? infra.postgres.crossRegionBackup.region : undefined,
    domain: input.domain,
    clusterName: cluster.name,
    networkCidr: isRecord(infra.network) ? infra.network.cidr : undefined,
    estateNamespace: typeof infra.namespace === 'string' ? infra.namespace : name,
    disasterRecovery: input.disasterRecovery,
  };
}

/** The standby of `primary` whose cluster runs in `region`, if any (its estate's VPC takes the replica there). */
export function standbyIn(primary: string, region: string): OverlayTarget | undefined {
  return standbysOf(primary).find((standby) => standby.region === region);
}
