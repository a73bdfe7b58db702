import { days, duration, hours, minutes } from './rule-groups';
import { SLO_PERIOD_DAYS } from './slos';

/**
 * Multiwindow, multi-burn-rate alerts (Google's SRE workbook, "Alerting on SLOs"): an alert fires
 * when the error budget burns `burnRate` times as fast as the objective allows over the long
 * window, and still does over the short window (1/12 of it), so it resolves minutes after the burn
 * stops. Spending `burnRate × long / period` of the budget: 2 % in 1 h and 5 % in 6 h page; 10 % in
 * 1 d or in 3 d opens a ticket.
 */
export interface BurnRateAlert {
  readonly severity: 'critical' | 'warning';
  readonly burnRate: number;
  /** Minutes. */
  readonly longWindow: number;
  /** Minutes. */
  readonly shortWindow: number;
}

export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { severity: 'critical', burnRate: 14.4, longWindow: hours(1), shortWindow: minutes(5) },
  { severity: 'critical', burnRate: 6, longWindow: hours(6), shortWindow: minutes(30) },
  { severity: 'warning', burnRate: 3, longWindow: days(1), shortWindow: hours(2) },
  { severity: 'warning', burnRate: 1, longWindow: days(3), shortWindow: hours(6) },
];

/** The share of the period's budget a burn spends over its long window: 14.4 × 1 h / 30 d = 2 %. */
export const budgetSpent = (a: BurnRateAlert): number => (a.burnRate * a.longWindow) / days(SLO_PERIOD_DAYS);

export const FASTEST_BURN_RATE = Math.max(...BURN_RATE_ALERTS.map((a) => a.burnRate));

/** How long a burn holds before its alert fires: one more evaluation round for a page, a quarter hour for a ticket. */
export const BURN_ALERT_FOR: Readonly<Record<BurnRateAlert['severity'], string>> = { critical: '2m', warning: '15m' };

/** Every window the error ratio is recorded over, shortest first. */
export const SLO_WINDOWS: readonly string[] = [...new Set(BURN_RATE_ALERTS.flatMap((a) => [a.shortWindow, a.longWindow]))].sort((a, b) => a - b).map(duration);
