/** `--target <name>` is a folder of dist/ that `npm run synth` rendered; anything else is named as unknown, with the choices. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../verify/errors';
import { listTargets, verify } from '../../verify/verify';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-dist-'));
for (const target of ['eks-staging', 'doks-production']) {
  fs.mkdirSync(path.join(dist, target));
  fs.writeFileSync(path.join(dist, target, 'kustomization.yaml'), 'resources: []\n');
}
fs.mkdirSync(path.join(dist, 'scratch')); // a folder without a kustomization is not a target
fs.writeFileSync(path.join(dist, 'notes.yaml'), 'kustomization.yaml: no\n');
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

test('the targets are the folders of dist/ with a kustomization.yaml, sorted', () => {
  expect(listTargets(dist)).toEqual(['doks-production', 'eks-staging']);
  expect(listTargets(path.join(dist, 'not-rendered-yet'))).toEqual([]);
});

test('an unknown target is a usage error that lists the targets', async () => {
  const error = await verify({ target: 'doks-prod', distDir: dist }).catch((e) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect(error.message).toBe('unknown target "doks-prod"; the targets are: doks-production, eks-staging');
});

test('with nothing rendered, the error says how to render', async () => {
  const empty = path.join(dist, 'scratch');
  const error = await verify({ target: 'eks-staging', distDir: empty }).catch((e) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect(error.message).toBe(`unknown target "eks-staging": no target rendered in ${empty} (run npm run synth)`);
});
