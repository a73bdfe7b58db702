import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECRET_CATALOGUE } from '../../charts/secrets/credentials';
import { SECRET_PROVIDERS } from '../../charts/secrets/schema';

/** The README's Secrets section. */
const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const docs = readme.slice(readme.indexOf('\n## Secrets\n'), readme.indexOf('\n## ', readme.indexOf('\n## Secrets\n') + 1));

describe("the README's Secrets section keeps up with the code", () => {
  test('exists', () => {
    expect(docs.length).toBeGreaterThan(1000);
  });
  test.each(SECRET_CATALOGUE.map((s) => s.secretName))('documents Secret %s', (name) => {
    expect(docs).toContain(`\`${name}\``);
  });
  test.each(SECRET_CATALOGUE.flatMap((s) => s.credentials.flatMap((c) => c.fields.flatMap((f) => (f.env ? [f.env] : [])))))('documents env var %s', (env) => {
    expect(docs).toContain(env);
  });
  test.each([...SECRET_PROVIDERS])('documents provider %s', (provider) => {
    expect(docs).toContain(`\`${provider}\``);
  });
});
