/** Uptime: every public host of the edge is checked from outside and alerts the team. */
import { isStandby } from '../../../charts/disaster-recovery/standby';
import { publicListeners } from '../../../charts/edge/routing';
import { DO_TARGETS, doEstate, forProvider, KINDS } from './support';

describe.each(DO_TARGETS)('the uptime checks of %s', (name) => {
  const { context, of } = doEstate(name);
  const checks = of(KINDS.check);
  const alerts = of(KINDS.uptimeAlert).map(forProvider);

  // On the target that serves: a disaster-recovery standby's checks would probe its primary, twice.
  it('checks every public host over HTTPS', () => {
    const expected = isStandby(context.target) ? [] : publicListeners(context.target).map((l) => `https://${l.host}/`);
    expect(checks.map((c) => forProvider(c).target).sort()).toEqual(expected.sort());
    expect(checks.every((c) => forProvider(c).type === 'https' && forProvider(c).enabled === true)).toBe(true);
  });

  it('alerts the team when a host is down or slow', () => {
    for (const check of checks) {
      const own = alerts.filter((a) => a.checkIdRef.name === check.metadata.name);
      expect(own.map((a) => a.type)).toEqual(expect.arrayContaining(['down_global', 'latency']));
      expect(own.every((a) => a.notifications[0].email.length > 0 && a.notifications[0].email.every((e: string) => context.target.alertRouting.email.to.includes(e)))).toBe(true);
    }
  });
});
