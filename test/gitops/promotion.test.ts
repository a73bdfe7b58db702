/** Promotion: staging follows every merge, production a promoted revision inside its sync windows. */
import { validateTarget } from '../../charts/config/validate';
import { GITOPS_DEFAULTS } from '../../charts/gitops/schema';
import { overlayInput } from '../support/overlay';
import { allObjectsOf, getObject, renderedTarget, renderVariant, TARGET_NAMES } from '../support/render';

const applications = (objects: ReturnType<typeof allObjectsOf>) => objects.filter((o) => o.kind === 'Application');

describe.each(TARGET_NAMES)('promotion of %s', (targetName) => {
  const rendered = renderedTarget(targetName);
  const { target } = rendered;
  const all = allObjectsOf(rendered);
  const projects = all.filter((o) => o.kind === 'AppProject');

  it('follows main in staging and a promoted revision in production, with every Application on the same one', () => {
    const expected = target.gitops.targetRevision ?? (target.environment === 'production' ? 'release/production' : 'main');
    const revisions = new Set(applications(all).filter((a) => a.spec.source.path !== undefined && !a.spec.source.repoURL.startsWith('oci://')).map((a) => a.spec.source.targetRevision));
    expect(revisions).toEqual(new Set([expected]));
    if (target.environment === 'production') expect(expected).not.toBe('main');
  });

  it('syncs production inside its windows (the platform and the application), staging at any time', () => {
    const windowed = projects.filter((p) => p.spec.syncWindows !== undefined).map((p) => p.metadata.name).sort();
    if (target.environment === 'staging') {
      expect(windowed).toEqual([]);
      return;
    }
    expect(windowed).toEqual([`moderation-${targetName}`, `moderation-${targetName}-platform`]);
    for (const name of windowed) {
      expect(getObject(projects, 'AppProject', name).spec.syncWindows).toEqual([{ kind: 'allow', schedule: '0 9 * * 1-4', duration: '7h', timeZone: 'UTC', manualSync: true, applications: ['*'] }]);
    }
  });
});

describe('gitops settings', () => {
  it('rejects main, or HEAD, as production\'s revision, naming the promoted default', () => {
    for (const revision of ['main', 'HEAD']) {
      const input = overlayInput('eks-production');
      input.gitops = { targetRevision: revision };
      expect(() => validateTarget('eks-production', input)).toThrow(new RegExp(`gitops\\.targetRevision: "${revision}" moves with every merge: production follows a promoted revision, such as the branch "release/production"`));
    }
    const staging = overlayInput('eks-staging');
    staging.gitops = { targetRevision: 'main' };
    expect(() => validateTarget('eks-staging', staging)).not.toThrow();
  });

  it('follows a release tag and a configured window, and leaves syncing to a person when autoSync is off', () => {
    const { rendered } = renderVariant('doks-production', (input) => {
      input.gitops = {
        autoSync: false,
        repoURL: 'ssh://git@github.com/acme/gitops.git',
        targetRevision: 'v2026.11.0',
        syncWindows: [{ kind: 'deny', schedule: '0 18 * * 5', duration: '63h', timeZone: 'Europe/Berlin' }],
      };
    });
    const objects = allObjectsOf(rendered);
    for (const a of applications(objects)) expect({ app: a.metadata.name, automated: a.spec.syncPolicy.automated }).toEqual({ app: a.metadata.name, automated: undefined });
    const app = getObject(objects, 'Application', 'moderation-doks-production');
    expect(app.spec.source).toMatchObject({ repoURL: 'ssh://git@github.com/acme/gitops.git', targetRevision: 'v2026.11.0' });
    expect(getObject(objects, 'AppProject', 'moderation-doks-production').spec.syncWindows).toEqual([
      { kind: 'deny', schedule: '0 18 * * 5', duration: '63h', timeZone: 'Europe/Berlin', manualSync: true, applications: ['*'] },
    ]);
  });

  it('syncs production at any time with syncWindows: []', () => {
    const { rendered } = renderVariant('eks-production', (input) => {
      input.gitops = { syncWindows: [] };
    });
    expect(allObjectsOf(rendered).filter((o) => o.kind === 'AppProject' && o.spec.syncWindows !== undefined)).toEqual([]);
    expect(GITOPS_DEFAULTS.production.syncWindows.length).toBeGreaterThan(0);
  });

  it('rejects a window with an unknown time zone or a schedule that is not cron, and a repository URL that is not https or ssh', () => {
    const input = overlayInput('eks-production');
    input.gitops = { repoURL: 'ftp://example.com/repo.git', syncWindows: [{ kind: 'allow', schedule: 'weekdays', duration: '7h', timeZone: 'Mars/Olympus' }] };
    const message = (() => {
      try {
        validateTarget('eks-production', input);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/gitops\.repoURL: must be an https:\/\/ or ssh:\/\/ Git URL/);
    expect(message).toMatch(/gitops\.syncWindows\[0\]\.schedule: must be a five-field cron expression/);
    expect(message).toMatch(/gitops\.syncWindows\[0\]\.timeZone: must be an IANA time zone/);
  });
});
