import * as path from 'path';
import { findPackageDir, importSync, resolveSpecifier } from '../support/esm-loader';

describe('esm-loader', () => {
  const modelsDir = findPackageDir('kubernetes-models', __dirname);

  it('resolves wildcard export patterns with the import condition', () => {
    expect(resolveSpecifier('kubernetes-models/apps/v1/Deployment', __dirname)).toBe(path.join(modelsDir, 'apps/v1/Deployment.js'));
    expect(resolveSpecifier('kubernetes-models/_schemas/IoK8sApiCoreV1Pod', __dirname)).toBe(path.join(modelsDir, '_schemas/IoK8sApiCoreV1Pod.js'));
  });

  it('refuses subpaths a package does not export', () => {
    expect(() => resolveSpecifier('kubernetes-models/not/exported/at/all', __dirname)).toThrow(/not exported/);
  });

  it('loads an ESM-only module graph, with CommonJS dependencies, as CommonJS', () => {
    const { ConfigMap } = importSync('kubernetes-models/v1/ConfigMap', __filename) as { ConfigMap: new (d: unknown) => { validate(): void } };
    expect(() => new ConfigMap({ metadata: { name: 'x' }, data: { a: 'b' } }).validate()).not.toThrow();
    expect(() => new ConfigMap({ metadata: { name: 'x' }, data: { a: 1 } }).validate()).toThrow(/data\/a must be string/);
  });
});
