/**
 * Loads the desired state: every Kubernetes object in a rendered YAML file or directory (as written by
 * `npm run synth` into dist/<target>/). A directory with a kustomization contributes exactly the
 * resources it lists, as `kubectl apply -k` would (dist/<target>/argocd/, applied where Argo CD runs,
 * is not among them); a directory without one contributes every YAML file below it. Multi-document
 * files are supported; the kustomization is read for its `namespace:` (the default for namespaced
 * objects without one) and otherwise skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './object';

/** Manifests missing, unreadable or not Kubernetes objects. The message is one line, fit for a CLI. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

export interface DesiredState {
  objects: KubeObject[];
  /** Files read, relative to the given path, in reading order. */
  files: string[];
  /** `namespace:` of the kustomization, if any; namespaced objects without a namespace get it (else `default`). */
  defaultNamespace: string;
}

const YAML_FILE = /\.ya?ml$/i;

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The kustomization file and the files of the resources it lists. */
function kustomizationFiles(file: string): string[] {
  const doc = parseAllDocuments(fs.readFileSync(file, 'utf8'))[0]?.toJSON() as { resources?: unknown } | null;
  const resources = Array.isArray(doc?.resources) ? doc.resources.filter((r): r is string => typeof r === 'string') : [];
  return [
    file,
    ...resources.flatMap((resource) => {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(resource)) throw new ManifestError(`${file}: remote resource ${resource} is not supported; render it first (kubectl kustomize)`);
      return listYamlFiles(path.join(path.dirname(file), resource));
    }),
  ];
}

function listYamlFiles(root: string): string[] {
  const stat = fs.statSync(root);
  if (stat.isFile()) return [root];
  const kustomization = KUSTOMIZATION_FILES.map((name) => path.join(root, name)).find((file) => fs.existsSync(file));
  if (kustomization) return kustomizationFiles(kustomization);
  const files: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) files.push(...listYamlFiles(full));
    else if (entry.isFile() && YAML_FILE.test(entry.name)) files.push(full);
  }
  return files;
}

const isKustomization = (doc: any): boolean =>
  typeof doc?.apiVersion === 'string' && doc.apiVersion.startsWith('kustomize.config.k8s.io/');

function validate(doc: any, where: string): KubeObject {
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ManifestError(`${where}: not a Kubernetes object (a YAML mapping is expected)`);
  if (typeof doc.apiVersion !== 'string' || !doc.apiVersion) throw new ManifestError(`${where}: missing apiVersion`);
  if (typeof doc.kind !== 'string' || !doc.kind) throw new ManifestError(`${where}: missing kind`);
  if (typeof doc.metadata?.name !== 'string' || !doc.metadata.name) {
    throw new ManifestError(`${where}: ${doc.kind} without metadata.name${doc.metadata?.generateName ? ' (generateName objects cannot be verified)' : ''}`);
  }
  return doc as KubeObject;
}

/**
 * The non-empty YAML documents of one manifest file, with their 0-based index in the file. Invalid
 * YAML is a `ManifestError` naming `where` (the file) and the document.
 */
export function parseManifestText(text: string, where: string): { index: number; document: any }[] {
  return parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length > 0) throw new ManifestError(`${where} (document ${index + 1}): invalid YAML: ${document.errors[0].message.split('\n')[0]}`);
    const doc = document.toJSON();
    return doc === null || doc === undefined ? [] : [{ index, document: doc }];
  });
}

export function loadManifests(manifestPath: string): DesiredState {
  if (!fs.existsSync(manifestPath)) throw new ManifestError(`manifests not found: ${manifestPath}`);
  let files: string[];
  try {
    files = listYamlFiles(manifestPath);
  } catch (error) {
    throw new ManifestError(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new ManifestError(`no YAML files in ${manifestPath}`);
  const base = fs.statSync(manifestPath).isDirectory() ? manifestPath : path.dirname(manifestPath);
  const objects: KubeObject[] = [];
  let defaultNamespace = 'default';
  for (const file of files) {
    const relative = path.relative(base, file) || path.basename(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new ManifestError(`cannot read ${relative}: ${(error as Error).message}`);
    }
    for (const { index, document: doc } of parseManifestText(text, relative)) {
      const where = `${relative} (document ${index + 1})`;
      if (isKustomization(doc) || KUSTOMIZATION_FILES.includes(path.basename(file))) {
        if (typeof doc.namespace === 'string' && doc.namespace) defaultNamespace = doc.namespace;
        continue;
      }
      if (doc.kind === 'List' && Array.isArray(doc.items)) {
        doc.items.forEach((item: unknown, i: number) => objects.push(validate(item, `${where} item ${i + 1}`)));
        continue;
      }
      objects.push(validate(doc, where));
    }
  }
  if (objects.length === 0) throw new ManifestError(`no Kubernetes objects in ${manifestPath}`);
  return { objects, files: files.map((f) => path.relative(base, f) || path.basename(f)), defaultNamespace };
}
