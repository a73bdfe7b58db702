import { isRecord } from '../config/primitives';
import type { Rule } from '../config/rules';
import { imageReference, POSTGRES_MAJORS, type PostgresMajor } from './schema';

/** The tag of an image reference: `registry:5000/a/b:17-1.0@sha256:…` → `17-1.0`. */
export function tagOf(reference: string): string {
  const name = reference.split('@')[0];
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : '';
}

/** What runs each image, for the message that says why its major matters. */
const ROLE = {
  toolsImage: 'pg_dump must be the server\'s major version (an older one refuses a newer server; a newer one writes dumps the server\'s pg_restore cannot read)',
  serverImage: 'the restore test must restore into the major the dump came from',
} as const;

/**
 * The backup images carry the PostgreSQL major of `backups.postgresMajorVersion`, read from their
 * tags (`db-backup-tools:17-…`, `postgres:17.9-…`), so moving the server to a new major without new
 * images fails synthesis instead of the first nightly backup. Malformed values are the schema's to report.
 */
export const backupsRules: Rule = (input, report) => {
  const backups = input.backups;
  if (!isRecord(backups) || !POSTGRES_MAJORS.includes(backups.postgresMajorVersion as PostgresMajor)) return;
  const major = backups.postgresMajorVersion as PostgresMajor;
  for (const field of ['toolsImage', 'serverImage'] as const) {
    const parsed = imageReference.safeParse(backups[field]);
    if (!parsed.success) continue;
    const reference = parsed.data;
    const tag = tagOf(reference);
    if (new RegExp(`^${major}([.-]|$)`).test(tag)) continue;
    report(`backups.${field}`, `"${reference}" is tagged "${tag}", not for PostgreSQL ${major} (backups.postgresMajorVersion): ${ROLE[field]}; use a tag that starts with "${major}-" or "${major}."`);
  }
};
