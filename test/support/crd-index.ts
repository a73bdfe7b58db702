/**
 * Index of the project's vendored upstream CustomResourceDefinitions in `crds/` (or `$MODERATION_CRDS_DIR`).
 * Files are only scanned as text to learn which group/kind each defines; a file is parsed as YAML when
 * one of its kinds is first needed (the largest are 1.4 MB), and the result is cached for the process.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { isPlainObject } from './object-path';

/** The parts of a CustomResourceDefinition this kit reads. */
export interface Crd {
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: CrdVersion[];
  };
}

/** One entry of a CRD's `spec.versions`. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
}

/** Directory holding the CRD files: `$MODERATION_CRDS_DIR`, else the repository's `crds/`. */
export function crdsDir(): string {
  return process.env.MODERATION_CRDS_DIR
    ? path.resolve(process.env.MODERATION_CRDS_DIR)
    : path.resolve(__dirname, '../../crds');
}

const key = (group: string, kind: string) => `${group}/${kind}`;

let candidates: Map<string, string[]> | undefined; // group/kind -> files whose text mentions it
let indexedDir: string | undefined;
const parsed = new Map<string, Crd[]>(); // file -> CRDs in it

function crdFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`CRD directory ${dir} does not exist (set MODERATION_CRDS_DIR)`);
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

/** Cheap text scan of one CRD file: the `spec.group` and `spec.names.kind` of each document. */
export function scanCrdText(text: string): { group: string; kind: string }[] {
  return text.split(/^---[^\S\n]*$/m).flatMap((doc) => {
    if (!/^kind:\s*CustomResourceDefinition\s*$/m.test(doc)) return [];
    const group = /^ {2}group:\s*['"]?([^'"\s]+)/m.exec(doc)?.[1];
    const kind = /^ {2}names:\s*\n(?:(?: {4}.*)?\n)*? {4}kind:\s*['"]?([^'"\s]+)/m.exec(doc)?.[1];
    return group && kind ? [{ group, kind }] : [];
  });
}

function index(): Map<string, string[]> {
  const dir = crdsDir();
  if (candidates && indexedDir === dir) return candidates;
  candidates = new Map();
  indexedDir = dir;
  parsed.clear();
  for (const file of crdFiles(dir)) {
    const found = scanCrdText(fs.readFileSync(file, 'utf8'));
    // A file the scan cannot read is parsed right away so that nothing is missed.
    const entries = found.length > 0 ? found : parseCrdFile(file).map((c) => ({ group: c.spec.group, kind: c.spec.names.kind }));
    for (const e of entries) candidates.set(key(e.group, e.kind), [...(candidates.get(key(e.group, e.kind)) ?? []), file]);
  }
  return candidates;
}

/** Parses every CustomResourceDefinition document of a YAML file (cached). */
export function parseCrdFile(file: string): Crd[] {
  let crds = parsed.get(file);
  if (!crds) {
    crds = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc) => doc.toJS() as unknown).filter(
      (o): o is Crd => isPlainObject(o) && o.kind === 'CustomResourceDefinition' && isPlainObject(o.spec),
    );
    parsed.set(file, crds);
  }
  return crds;
}

/** The CRD defining `group`/`kind`, or undefined. */
export function findCrd(group: string, kind: string): Crd | undefined {
  for (const file of index().get(key(group, kind)) ?? []) {
    const crd = parseCrdFile(file).find((c) => c.spec.group === group && c.spec.names.kind === kind);
    if (crd) return crd;
  }
  return undefined;
}

/** Whether any CRD defines a kind in `group`. */
export function hasCrdGroup(group: string): boolean {
  return crdKinds().some((k) => k.group === group);
}

/** All group/kind pairs defined by the CRD files (from the text scan). */
export function crdKinds(): { group: string; kind: string }[] {
  return [...index().keys()].map((k) => {
    const slash = k.lastIndexOf('/');
    return { group: k.slice(0, slash), kind: k.slice(slash + 1) };
  });
}
