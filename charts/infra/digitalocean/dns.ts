import type { Construct } from 'constructs';
import { DoRecord } from '../../../imports/records-dns.digitalocean.m.crossplane.io';
import { isStandby } from '../../disaster-recovery/standby';
import { publicListeners } from '../../edge/routing';
import type { EstateContext } from '../estate';
import { doSettings, managed } from './common';

/** A host's record name in its zone: `@` for the zone's apex, else the labels in front of it. */
export function recordName(host: string, zone: string): string {
  if (host === zone) return '@';
  if (!host.endsWith(`.${zone}`)) throw new Error(`${host} is not in the zone ${zone}`);
  return host.slice(0, -(zone.length + 1));
}

/**
 * The public hosts' A records in DigitalOcean DNS (`infra.digitalocean.dns`), to this target's load
 * balancer with a low TTL, on the target that serves. A disaster-recovery standby renders none: one
 * set of records answers at a time, and promoting the standby (removing `disasterRecovery`) is what
 * moves them, in a reviewed commit after the uptime alerts (docs/runbooks/region-failover.md).
 */
export function buildDns(scope: Construct, context: EstateContext): void {
  const dns = doSettings(context).dns;
  if (!dns || isStandby(context.target)) return;
  const zone = dns.zone ?? context.target.domain;
  for (const listener of publicListeners(context.target)) {
    const { metadata, providerConfigRef } = managed(context, `dns-${listener.role}`);
    new DoRecord(scope, `dns-${listener.role}`, {
      metadata,
      spec: { providerConfigRef, forProvider: { domain: zone, name: recordName(listener.host, zone), type: 'A', value: dns.loadBalancerIp, ttl: dns.ttlSeconds } },
    });
  }
}
