/** docs/configuration.md is what `npm run docs:config` generates from the current target schema. */
import * as fs from 'node:fs';
import { targetSchema } from '../../charts/config/target';
import { CONFIG_DOC, renderConfigurationReference } from '../../scripts/docs-config';

const committed = fs.existsSync(CONFIG_DOC) ? fs.readFileSync(CONFIG_DOC, 'utf8') : '';
const fresh = renderConfigurationReference();

describe('docs/configuration.md', () => {
  test('matches a fresh generation from the schema', () => {
    if (committed === fresh) return;
    const committedLines = committed.split('\n');
    const freshLines = fresh.split('\n');
    const line = freshLines.findIndex((text, i) => text !== committedLines[i]);
    throw new Error(
      `docs/configuration.md is stale: run npm run docs:config\n` +
        `first difference at line ${line + 1}:\n  committed: ${committedLines[line] ?? '(end of file)'}\n  generated: ${freshLines[line] ?? '(end of file)'}`,
    );
  });

  test.each(Object.keys(targetSchema.shape))('lists the field %s', (field) => {
    expect(fresh).toContain(`| \`${field}\` |`);
  });

  test('describes fields from their JSDoc, and gives defaults and the messages of their checks', () => {
    const row = (field: string) => fresh.split('\n').find((line) => line.startsWith(`| \`${field}\` |`))?.split(' | ') ?? [];
    // | field | type | required | default | description |
    expect(row('domain')[4]?.replace(/ \|$/, '').trim()).not.toBe('');
    expect(row('namespace')[3]).toBe('`"moderation"`');
    expect(fresh).toContain('Rules: must be');
  });
});
