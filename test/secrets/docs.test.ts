import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECRET_CATALOGUE } from '../../charts/secrets/credentials';
import { SECRET_PROVIDERS } from '../../charts/config/secrets';

const docs = fs.readFileSync(path.resolve(__dirname, '../../docs/secrets.md'), 'utf8');

describe('docs/secrets.md keeps up with the code', () => {
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
