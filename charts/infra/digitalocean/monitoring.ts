import type { Construct } from 'constructs';
import { Alert } from '../../../imports/alerts-uptime.digitalocean.m.crossplane.io';
import { Check } from '../../../imports/checks-uptime.digitalocean.m.crossplane.io';
import { isStandby } from '../../disaster-recovery/standby';
import { publicListeners } from '../../edge/routing';
import type { EstateContext } from '../estate';
import { doSettings, managed } from './common';

/**
 * The uptime alerts of every check: the host unreachable (from every probing region at once, so one
 * region's network does not page), slow, or its certificate near expiry.
 */
export const UPTIME_ALERTS = [
  { type: 'down_global', comparison: 'less_than', threshold: 1, period: '2m' },
  { type: 'latency', comparison: 'greater_than', threshold: 2000, period: '5m' },
  { type: 'ssl_expiry', comparison: 'less_than', threshold: 14, period: '5m' },
] as const;

/** Who the uptime alerts mail: `infra.digitalocean.alertEmails`, else the alert routing's info recipients. */
export function alertEmails(context: EstateContext): string[] {
  return [...(doSettings(context).alertEmails ?? context.target.alertRouting.email.to)];
}

/**
 * DigitalOcean Uptime: an HTTPS check of every public host of the edge, from outside, and its alerts
 * by mail (Slack would need the webhook URL in the resource: it stays in the secrets manager). On the
 * target that serves only: a disaster-recovery standby's checks of the same hosts would probe its
 * primary (DNS points there) and mail every alert twice; the primary's `down_global` alert is what
 * starts the region failover runbook.
 */
export function buildMonitoring(scope: Construct, context: EstateContext): void {
  if (isStandby(context.target)) return;
  const settings = doSettings(context);
  const email = alertEmails(context);
  for (const listener of publicListeners(context.target)) {
    const check = managed(context, `uptime-${listener.role}`);
    new Check(scope, `uptime-${listener.role}`, {
      metadata: check.metadata,
      spec: { providerConfigRef: check.providerConfigRef, forProvider: { name: check.metadata.name, type: 'https', target: `https://${listener.host}/`, regions: [...settings.uptimeRegions], enabled: true } },
    });
    for (const alert of UPTIME_ALERTS) {
      const { metadata } = managed(context, `uptime-${listener.role}-${alert.type.replace(/_/g, '-')}`);
      new Alert(scope, metadata.name, {
        metadata,
        spec: {
          providerConfigRef: check.providerConfigRef,
          forProvider: { name: metadata.name, checkIdRef: { name: check.metadata.name }, type: alert.type, comparison: alert.comparison, threshold: alert.threshold, period: alert.period, notifications: [{ email }] },
        },
      });
    }
  }
}
