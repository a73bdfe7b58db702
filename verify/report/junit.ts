/**
 * JUnit XML for CI dashboards: one test case per object (classname = apiVersion/kind, name =
 * namespace/name); a failure for an object that is not Healthy or has drift, an error when its state
 * could not be read (Unknown). Objects of a kind the cluster does not serve are skipped, and the
 * missing kind is one failing test case in a "prerequisites" suite, so it is counted once. An object
 * in a namespace that does not exist is a failure of its own (its message names the namespace), and
 * the namespace adds no test case: `tests` and `failures` count each object once.
 */
import { ResourceResult, VerifyResult } from '../types';

const escape = (text: string): string =>
  text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function testCase(r: ResourceResult, unserved: boolean): { xml: string; failure: boolean; error: boolean; skipped: boolean } {
  const open = `    <testcase classname="${escape(`${r.apiVersion}/${r.kind}`)}" name="${escape(`${r.namespace ?? ''}${r.namespace ? '/' : ''}${r.name}`)}"`;
  if (unserved) return { xml: `${open}>\n      <skipped message="${escape(r.health.message)}"/>\n    </testcase>`, failure: false, error: false, skipped: true };
  if (r.health.status === 'Healthy' && r.drift.length === 0) return { xml: `${open}/>`, failure: false, error: false, skipped: false };
  const body = [r.health.message, ...r.drift.map((d) => `drift ${d.path}: desired ${JSON.stringify(d.desired)}, live ${JSON.stringify(d.live)}`)].filter(Boolean).join('\n');
  const summary = r.health.status === 'Healthy' ? `drift in ${r.drift.length} field(s)` : `${r.health.status}${r.health.message ? `: ${r.health.message}` : ''}`;
  const tag = r.health.status === 'Unknown' ? 'error' : 'failure';
  return {
    xml: `${open}>\n      <${tag} message="${escape(summary)}" type="${r.health.status}${r.drift.length ? '+Drift' : ''}">${escape(body)}</${tag}>\n    </testcase>`,
    failure: tag === 'failure',
    error: tag === 'error',
    skipped: false,
  };
}

export function renderJunit(result: VerifyResult): string {
  const suiteName = `verify${result.target ? ` ${result.target}` : ''}`;
  const cases = result.resources.map((r) => testCase(r, result.unservedKinds.some((k) => k.apiVersion === r.apiVersion && k.kind === r.kind)));
  const prereq = result.unservedKinds.map((k) => `    <testcase classname="prerequisites" name="${escape(`kind ${k.kind} (${k.apiVersion}) is served`)}">\n      <failure message="kind not served by the cluster" type="Missing">${escape(`${k.objects} object(s) of this kind cannot be verified; is the CRD installed?`)}</failure>\n    </testcase>`);
  const count = (key: 'failure' | 'error' | 'skipped'): number => cases.filter((c) => c[key]).length;
  const suites = [
    `  <testsuite name="${escape(suiteName)}" tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}">\n${cases.map((c) => c.xml).join('\n')}\n  </testsuite>`,
  ];
  if (prereq.length) suites.push(`  <testsuite name="prerequisites" tests="${prereq.length}" failures="${prereq.length}" errors="0" skipped="0">\n${prereq.join('\n')}\n  </testsuite>`);
  const tests = cases.length + prereq.length;
  const failures = count('failure') + prereq.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escape(suiteName)}" tests="${tests}" failures="${failures}" errors="${count('error')}">\n${suites.join('\n')}\n</testsuites>\n`;
}
