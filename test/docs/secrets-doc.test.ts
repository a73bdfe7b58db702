/**
 * docs/features/secrets.md documents the credential catalogue (charts/secrets/credentials.ts): every
 * Secret, environment variable, remote key owner and provider the code has, and no Secret it lacks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECRET_CATALOGUE } from '../../charts/secrets/credentials';
import { SECRET_PROVIDERS } from '../../charts/secrets/schema';

const PAGE = 'docs/features/secrets.md';
const page = fs.readFileSync(path.resolve(__dirname, '../..', PAGE), 'utf8');

/** The body of a `## ` section of the page, up to the next one. */
function section(heading: string): string {
  const start = page.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${PAGE} has no section "## ${heading}"`);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

const consumers = section('What each consumer gets');
/** The Secret names in the first column of the consumers table. */
const tabled = consumers
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => /^\| `([^`]+)`/.exec(line)![1]);

const envVars = SECRET_CATALOGUE.flatMap((s) => s.credentials.flatMap((c) => c.fields.flatMap((f) => (f.env ? [f.env] : []))));

describe(`${PAGE} keeps up with the credential catalogue`, () => {
  test.each(SECRET_CATALOGUE.map((s) => s.secretName))('lists Secret %s in "What each consumer gets"', (name) => {
    expect(tabled).toContain(name);
  });

  test('lists no Secret the catalogue does not have', () => {
    const known = SECRET_CATALOGUE.map((s) => s.secretName);
    expect(tabled.filter((name) => !known.includes(name))).toEqual([]);
  });

  test.each(SECRET_CATALOGUE.map((s) => [s.secretName, s.owner] as const))('gives the remote keys of %s, under owner %s', (_name, owner) => {
    expect(consumers).toContain(`…/${owner}/`);
  });

  test.each(envVars)('names environment variable %s', (env) => {
    expect(consumers).toContain(`\`${env}\``);
  });

  test.each([...SECRET_PROVIDERS])('documents provider %s', (provider) => {
    expect(section('Providers')).toContain(`\`${provider}\``);
  });
});
