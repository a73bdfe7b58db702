/** Sync hooks (a PreSync migration Job) are not steady state: the verifier does not expect them to exist. */
import { isHook } from '../../verify/verify';
import { targetObjects } from '../support/render';
import { desiredFixture } from '../support/verify/live-state';
import { type Harness, startHarness } from '../support/verify/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.stop());

describe('hooks', () => {
  it('recognises Argo CD and Helm hooks, and nothing else', () => {
    const job = (annotations?: Record<string, string>) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', annotations } });
    expect(isHook(job({ 'argocd.argoproj.io/hook': 'PreSync' }))).toBe(true);
    expect(isHook(job({ 'helm.sh/hook': 'pre-upgrade' }))).toBe(true);
    expect(isHook(job({ 'argocd.argoproj.io/sync-wave': '1' }))).toBe(false);
    expect(isHook(job())).toBe(false);
  });

  it('a hook the cluster no longer has (replaced by the next sync, or past its TTL) is not reported missing', async () => {
    const hook = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'db-migrate-0123abcd', namespace: 'moderation', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } }, spec: { template: { spec: { containers: [] } } } };
    const objects = [...desiredFixture(), hook];
    const result = await h.run({ manifests: undefined, objects });
    expect(result.resources.map((r) => r.name)).not.toContain('db-migrate-0123abcd');
    expect(result.ok).toBe(true);
  });

  it('every target renders its migration Job as a hook', () => {
    const job = targetObjects('eks-production').find((o) => o.kind === 'Job' && o.metadata.name.startsWith('db-migrate-'));
    expect(job).toBeDefined();
    expect(isHook(job!)).toBe(true);
  });
});
