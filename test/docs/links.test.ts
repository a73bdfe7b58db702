/**
 * The documentation's links hold: every relative link in README.md and docs/**\/*.md resolves to a file
 * or folder of the repository, and every `#anchor` to a heading of its page (GitHub's slugs). The
 * README stays a front door.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const README_MAX_BYTES = 8192;

/** README.md and every Markdown file under docs/, relative to the root, sorted. */
function pages(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f));
  return ['README.md', ...docs.sort()];
}

/** The text of a page outside fenced code blocks, with inline code spans blanked (links there are not links). */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

/** GitHub's anchor for a heading (github-slugger): lowercase, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links: their text
    .replace(/`([^`]*)`/g, '$1') // code spans: their content
    .replace(/(\*\*|\*)/g, ''); // emphasis
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page's headings, with GitHub's `-1`, `-2` suffixes for repeats. */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of prose(fs.readFileSync(file, 'utf8'))) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

interface Link {
  readonly page: string;
  readonly line: number;
  readonly target: string;
}

/** Inline links and images of a page, outside code. */
function links(page: string): Link[] {
  const found: Link[] = [];
  prose(fs.readFileSync(path.join(ROOT, page), 'utf8')).forEach((text, index) => {
    const withoutCode = text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
    for (const match of withoutCode.matchAll(/!?\[(?:[^\]]|\\\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ page, line: index + 1, target: match[1] });
    }
  });
  return found;
}

const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Why a relative link is broken, or undefined when it resolves. */
function problem(link: Link): string | undefined {
  const [rawPath, anchor] = link.target.split('#', 2) as [string, string | undefined];
  const file = rawPath === '' ? path.join(ROOT, link.page) : path.resolve(ROOT, path.dirname(link.page), decodeURIComponent(rawPath));
  if (path.relative(ROOT, file).startsWith('..')) return 'points outside the repository';
  if (!fs.existsSync(file)) return 'no such file or folder';
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md')) return 'an anchor into a file that is not Markdown';
  return anchors(file).has(anchor) ? undefined : `no heading with anchor #${anchor} in ${path.relative(ROOT, file)}`;
}

const PAGES = pages();
const LINKS = PAGES.flatMap(links).filter((l) => !isExternal(l.target));

describe('documentation links', () => {
  test('the pages exist and link to each other', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'docs/configuration.md']));
    expect(LINKS.length).toBeGreaterThan(100);
  });

  test.each(PAGES)('every relative link in %s resolves', (page) => {
    const broken = LINKS.filter((l) => l.page === page).flatMap((l) => {
      const why = problem(l);
      return why ? [`${l.page}:${l.line}: (${l.target}) ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  test('every page under docs/ is reachable from README.md', () => {
    const reached = new Set<string>(['README.md']);
    const queue = ['README.md'];
    while (queue.length > 0) {
      const page = queue.shift()!;
      for (const link of LINKS.filter((l) => l.page === page)) {
        const target = link.target.split('#')[0];
        if (target === '' || !target.endsWith('.md')) continue;
        const next = path.relative(ROOT, path.resolve(ROOT, path.dirname(page), decodeURIComponent(target)));
        if (PAGES.includes(next) && !reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    expect(PAGES.filter((p) => !reached.has(p))).toEqual([]);
  });

  test(`README.md is at most ${README_MAX_BYTES} bytes: details belong in docs/`, () => {
    expect(fs.statSync(path.join(ROOT, 'README.md')).size).toBeLessThanOrEqual(README_MAX_BYTES);
  });
});

describe('GitHub heading slugs', () => {
  test.each([
    ['Waiting (`--wait`)', 'waiting---wait'],
    ['Lifecycle: `creationPolicy: Orphan`, `deletionPolicy: Retain`', 'lifecycle-creationpolicy-orphan-deletionpolicy-retain'],
    ['PostgreSQL: two users per role (blue/green)', 'postgresql-two-users-per-role-bluegreen'],
    ['Configuration (`edge` in an overlay)', 'configuration-edge-in-an-overlay'],
    ['Verifier (`npm run verify`)', 'verifier-npm-run-verify'],
    ['snake_case and **bold**', 'snake_case-and-bold'],
  ])('%s → #%s', (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });
});
