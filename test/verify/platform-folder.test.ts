/** --target verifies what the cluster runs: the application folder and the platform folder. */
import * as path from 'node:path';
import { plainConnection } from '../../verify/transport';
import { verify } from '../../verify/verify';
import { objectsOf, renderedTarget } from '../support/render';
import { FakeApiServer } from '../support/verify/fake-apiserver';
import { FAST } from '../support/verify/harness';

const DIST = path.resolve(__dirname, '../../dist');

it('reads dist/<target>/ and dist/<target>/platform/, not the Argo CD folders', async () => {
  const server = new FakeApiServer();
  await server.start();
  try {
    const result = await verify({ target: 'eks-staging', distDir: DIST, connection: plainConnection(server.url), ...FAST });
    const verified = new Set(result.resources.map((r) => `${r.kind}/${r.name}`));
    const expected = objectsOf(renderedTarget('eks-staging')).filter((o) => !o.metadata.annotations?.['argocd.argoproj.io/hook']);
    expect(verified).toEqual(new Set(expected.map((o) => `${o.kind}/${o.metadata.name}`)));
    for (const kind of ['Namespace', 'PriorityClass', 'Deployment']) expect([...verified].some((v) => v.startsWith(`${kind}/`))).toBe(true);
    expect([...verified].some((v) => v.startsWith('Application/') || v.startsWith('AppProject/'))).toBe(false);
  } finally {
    await server.stop();
  }
});
