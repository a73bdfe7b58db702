import { parseDuration } from '../../core/duration';
import type { Arrivals } from './plan';
import type { LoadtestsConfig, ScenarioName } from './schema';

/**
 * The shape of each test's load over time, as k6 arrival-rate scenarios: arrivals per minute (a
 * whole number, so a fractional per-second rate keeps its precision), whatever the response time.
 *
 *   steady  ▁▁████████████████▁▁   the peak, for `steady.minutes`
 *   spike   ▁▁████▟███▙████▁▁▁     the peak for 5 min, up to `spike.multiple` × peak in 1 min, held `spike.holdMinutes`, down in 1 min, 5 min to recover
 *   soak    ▁▁▅▅▅▅▅▅▅▅▅▅▅▅▅▅▁▁     `soak.fraction` × peak, for `soak.hours`
 */

/** Minutes at the peak around the spike: long enough for the autoscalers to settle before, and to see recovery after. */
export const SPIKE_SETTLE_MINUTES = 5;
/** Minutes the spike takes to rise and to fall: faster than any autoscaler reacts. */
export const SPIKE_RAMP_MINUTES = 1;

/**
 * VUs (k6's concurrent clients) an arrival rate needs: one per arrival in flight. Pre-allocated for
 * 1 s per arrival (the slowest latency objective), at most 5 s: past that every objective has
 * failed, and more clients only pile on.
 */
const PRE_ALLOCATED_SECONDS = 1;
const MAX_VU_SECONDS = 5;

const perMinute = (perSecond: number) => Math.max(1, Math.round(perSecond * 60));

function vus(topPerMinute: number, parallelism: number): { preAllocatedVUs: number; maxVUs: number } {
  const perSecond = topPerMinute / 60;
  // Each runner gets its share of the VUs: at least one each.
  return { preAllocatedVUs: Math.max(parallelism, Math.ceil(perSecond * PRE_ALLOCATED_SECONDS)), maxVUs: Math.max(parallelism, Math.ceil(perSecond * MAX_VU_SECONDS)) };
}

/** How one kind of traffic, at `peakPerSecond`, arrives in a scenario. */
export function arrivalsOf(scenario: ScenarioName, peakPerSecond: number, config: LoadtestsConfig): Arrivals {
  const peak = perMinute(peakPerSecond);
  switch (scenario) {
    case 'steady':
      return { executor: 'constant-arrival-rate', rate: peak, timeUnit: '1m', duration: `${config.steady.minutes}m`, ...vus(peak, config.parallelism) };
    case 'spike': {
      const top = perMinute(peakPerSecond * config.spike.multiple);
      const stages = [
        { target: peak, duration: `${SPIKE_SETTLE_MINUTES}m` },
        { target: top, duration: `${SPIKE_RAMP_MINUTES}m` },
        { target: top, duration: `${config.spike.holdMinutes}m` },
        { target: peak, duration: `${SPIKE_RAMP_MINUTES}m` },
        { target: peak, duration: `${SPIKE_SETTLE_MINUTES}m` },
      ];
      return { executor: 'ramping-arrival-rate', startRate: peak, timeUnit: '1m', stages, ...vus(top, config.parallelism) };
    }
    case 'soak': {
      const rate = perMinute(peakPerSecond * config.soak.fraction);
      return { executor: 'constant-arrival-rate', rate, timeUnit: '1m', duration: `${config.soak.hours}h`, ...vus(rate, config.parallelism) };
    }
  }
}

const minutesOf = (duration: string) => parseDuration(duration) / 60_000;

/** Arrivals a scenario plans in all: the rate integrated over its duration (linear between stages). */
export function plannedIterations(arrivals: Arrivals): number {
  if (arrivals.executor === 'constant-arrival-rate') return arrivals.rate * minutesOf(arrivals.duration);
  let rate = arrivals.startRate;
  let total = 0;
  for (const stage of arrivals.stages) {
    total += ((rate + stage.target) / 2) * minutesOf(stage.duration);
    rate = stage.target;
  }
  return Math.round(total);
}

/** How long a scenario runs, in minutes. */
export function durationMinutes(arrivals: Arrivals): number {
  return arrivals.executor === 'constant-arrival-rate' ? minutesOf(arrivals.duration) : arrivals.stages.reduce((sum, s) => sum + minutesOf(s.duration), 0);
}
