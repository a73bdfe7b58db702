import { APPLICATION_DEFAULTS } from '../../charts/gitops/argocd';
import { AUDIT_ACTIONS, AUDIT_EVENT_FIELDS, AUDIT_OUTCOMES, CONTRACT_FIELDS } from '../../charts/logging/contract';
import { allObjectsOf, renderedTarget, TARGET_NAMES } from '../support/render';

/** Argo CD's own record of what it synced: Application `status.history`, capped by `revisionHistoryLimit`. */
const ARGOCD_HISTORY = 10;

describe('the audit event contract', () => {
  it('records who did what to which object and how it ended, on top of the log contract', () => {
    expect(AUDIT_EVENT_FIELDS).toEqual(['log_type', 'actor', 'action', 'target', 'outcome']);
    expect(AUDIT_EVENT_FIELDS.filter((f) => (CONTRACT_FIELDS as readonly string[]).includes(f))).toEqual([]);
    expect(AUDIT_OUTCOMES).toEqual(['success', 'denied', 'failure']);
  });

  it('covers moderation decisions, appeals and administrators\' actions, erasure included', () => {
    const areas = new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]));
    expect([...areas].sort()).toEqual(['admin', 'appeal', 'decision']);
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(['decision.override', 'appeal.resolve', 'admin.role.grant', 'admin.data.erase']));
  });
});

describe.each(TARGET_NAMES)('Argo CD history of %s', (name) => {
  const applications = allObjectsOf(renderedTarget(name)).filter((o) => o.kind === 'Application');

  it('keeps the last 10 syncs of every Application (revisionHistoryLimit), Git holding the rest', () => {
    expect(applications.length).toBeGreaterThan(0);
    expect(APPLICATION_DEFAULTS.revisionHistoryLimit).toBe(ARGOCD_HISTORY);
    for (const application of applications) expect({ name: application.metadata.name, limit: application.spec.revisionHistoryLimit }).toEqual({ name: application.metadata.name, limit: ARGOCD_HISTORY });
  });
});
