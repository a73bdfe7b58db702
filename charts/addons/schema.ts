import { z } from 'zod';
import { parseQuantity } from '../../core/quantity';
import { dnsLabel, quantity } from '../config/primitives';
import type { Target } from '../config/target';
import { SLO_PERIOD_DAYS } from '../alerting/slos';
import type { Environment } from '../workloads/defaults';

/**
 * The `addons` section: what the cluster add-ons are sized by. Fields without a value take their
 * environment's default (`ADDON_DEFAULTS`); everything else an add-on's values need comes from the
 * sections it serves (the monitoring labels, the edge and operator namespaces) and the cloud profile.
 */

/**
 * What differs by environment: production runs two of every controller and keeps metrics for the
 * SLO period (the error budget and its dashboards read 30 days); staging keeps the minimum.
 */
export const ADDON_DEFAULTS: Readonly<Record<Environment, { replicas: number; prometheus: { retention: string; storage: string } }>> = {
  production: { replicas: 2, prometheus: { retention: `${SLO_PERIOD_DAYS}d`, storage: '100Gi' } },
  staging: { replicas: 1, prometheus: { retention: '7d', storage: '20Gi' } },
};

/**
 * Bounds of Prometheus' local retention, in days: at least a week, so Monday's investigation still
 * sees the weekend and last week's same weekday, and the longest burn-rate window (3 days) always
 * has data; at most a quarter, because a single replica's disk is not long-term storage (beyond
 * that, remote-write to a long-term store). Metrics carry no personal data: the cap is cost, not privacy.
 */
export const METRICS_RETENTION_DAYS = { min: 7, max: 90 } as const;

/** Days in each unit of a Prometheus retention (`h`, `d`, `w`, `y`; Prometheus' year is 365 days). */
const PROMETHEUS_UNIT_DAYS: Readonly<Record<string, number>> = { h: 1 / 24, d: 1, w: 7, y: 365 };
const PROMETHEUS_RETENTION = /^(\d+)([hdwy])$/;

/** The days of a Prometheus retention such as "15d" or "2w"; undefined for anything else. */
export function prometheusRetentionDays(retention: string): number | undefined {
  const match = PROMETHEUS_RETENTION.exec(retention);
  return match ? Number(match[1]) * PROMETHEUS_UNIT_DAYS[match[2]] : undefined;
}

/** The share of Prometheus' volume its samples may fill before the oldest are dropped: the rest is the write-ahead log's and compaction's headroom. */
const PROMETHEUS_RETENTION_SIZE_SHARE = 0.85;
const GIBIBYTE = 2 ** 30;
/** Below this, the retention size rounds to nothing. */
const MIN_PROMETHEUS_STORAGE_GIB = 2;
const MAX_REPLICAS = 5;

export const addonsSchema = z
  .object({
    /**
     * Replicas of each add-on's controllers and webhooks (cert-manager, External Secrets, KEDA, Envoy
     * Gateway, Argo Rollouts, Reloader; Prometheus and Alertmanager): two keep admission webhooks and
     * reconciliation up while a node drains. @default 2 in production, 1 in staging
     */
    replicas: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`).optional(),
    prometheus: z
      .object({
        /**
         * How long Prometheus keeps samples, e.g. "30d", 7 to 90 days; production keeps at least the
         * 30-day SLO period. @default "30d" in production, "7d" in staging
         */
        retention: z
          .string()
          .regex(PROMETHEUS_RETENTION, 'must be a Prometheus duration such as "15d" or "2w"')
          .refine((v) => (prometheusRetentionDays(v) ?? METRICS_RETENTION_DAYS.min) >= METRICS_RETENTION_DAYS.min, `must be at least ${METRICS_RETENTION_DAYS.min} days: an investigation on Monday needs the weekend and the week before, and the longest burn-rate window is 3 days`)
          .refine((v) => (prometheusRetentionDays(v) ?? METRICS_RETENTION_DAYS.max) <= METRICS_RETENTION_DAYS.max, `must be at most ${METRICS_RETENTION_DAYS.max} days: Prometheus' local disk is not long-term storage; keep longer history in a remote-write store`)
          .optional(),
        /** The volume of each Prometheus replica; samples are also dropped once they fill 85 % of it. @default "100Gi" in production, "20Gi" in staging */
        storage: quantity.refine((v) => parseQuantity(v)! >= MIN_PROMETHEUS_STORAGE_GIB * GIBIBYTE, `must be at least ${MIN_PROMETHEUS_STORAGE_GIB}Gi`).optional(),
      })
      .strict()
      .prefault({}),
    grafana: z
      .object({
        /**
         * Secret in the monitoring namespace with Grafana's admin login (keys `admin-user`, `admin-password`),
         * created once outside Git: the chart's default password is public.
         */
        adminSecret: dnsLabel.default('grafana-admin'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** The `addons` section with its environment's defaults applied. */
export interface AddOnSettings {
  readonly replicas: number;
  readonly prometheus: { readonly retention: string; readonly storage: string; readonly retentionSize: string };
  readonly grafana: { readonly adminSecret: string };
}

export function addOnSettings(target: Pick<Target, 'environment' | 'addons'>): AddOnSettings {
  const defaults = ADDON_DEFAULTS[target.environment];
  const { addons } = target;
  const storage = addons.prometheus.storage ?? defaults.prometheus.storage;
  // Prometheus' sizes are powers of two: its "GB" is a GiB.
  const retentionGiB = Math.floor((parseQuantity(storage)! * PROMETHEUS_RETENTION_SIZE_SHARE) / GIBIBYTE);
  return {
    replicas: addons.replicas ?? defaults.replicas,
    prometheus: { retention: addons.prometheus.retention ?? defaults.prometheus.retention, storage, retentionSize: `${retentionGiB}GB` },
    grafana: addons.grafana,
  };
}
