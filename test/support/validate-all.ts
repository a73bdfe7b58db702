/** Entry points for tests: validate any synthesized object, and load synthesized manifests from disk. */
import * as fs from 'fs';
import * as path from 'path';
import { isCustomResource, validateCustomResource } from './crd-schema';
import { validateKubeObject } from './k8s-schema';
import { describeObject, isPlainObject } from './object-path';
import { parseApiVersion } from '../../core/kinds';
import { parseManifestText } from '../../core/manifests';

/** A manifest object and the file it was read from. */
export interface LoadedManifest {
  file: string;
  /** 0-based index of the YAML document within the file. */
  index: number;
  object: Record<string, unknown>;
}

/**
 * Validates one object: custom resources (any group a CRD in the CRD directory defines, including
 * `*.k8s.io` ones such as gateway.networking.k8s.io) against their CRD, everything else against the
 * built-in schemas, where a group that is neither reports "not a known built-in kind".
 */
export function validateObject(obj: unknown): string[] {
  if (!isPlainObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [`${describeObject(obj)}: not a Kubernetes object (needs string apiVersion and kind)`];
  }
  if (isCustomResource(obj)) return validateCustomResource(obj);
  const { group } = parseApiVersion(obj.apiVersion);
  if (group.includes('.') && !group.endsWith('.k8s.io')) return validateCustomResource(obj); // reports the missing CRD
  return validateKubeObject(obj);
}

/**
 * Reads every `*.yaml`/`*.yml` file directly in `dir` (sorted; `kustomization.yaml` skipped) and returns
 * each non-empty YAML document with its file. Throws on YAML syntax errors and on non-object documents.
 */
export function loadManifests(dir: string): LoadedManifest[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/^kustomization\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  return files.flatMap((file) =>
    parseManifestText(fs.readFileSync(file, 'utf8'), file).map(({ index, document: object }) => {
      if (!isPlainObject(object)) throw new Error(`${file} (document ${index}): not a mapping`);
      return { file, index, object };
    }),
  );
}

/** Validates every manifest in `dir`; returns `file: problem` lines (empty when all are valid). */
export function validateManifestDir(dir: string): string[] {
  return loadManifests(dir).flatMap(({ file, object }) => validateObject(object).map((p) => `${path.basename(file)}: ${p}`));
}
