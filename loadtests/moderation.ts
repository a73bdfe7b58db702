/**
 * The platform's load test, one script for every target and scenario: it reads what to load, how
 * fast and the pass/fail thresholds from `plan.json` beside it, which synthesis writes per target and
 * scenario (charts/loadtests, docs/features/loadtests.md). k6 v1 runs this TypeScript directly.
 *
 * Two kinds of traffic, each its own arrival-rate scenario, through the public edge as users send it:
 * - `web`: a page view, the page and the content-hashed static assets it references;
 * - `api`: one public API request, drawn from the weighted mix (reads, and writes of synthetic content).
 *
 * A response counts as failed as the edge's availability indicator counts it: a 5xx, or no response
 * at all. A 4xx is the platform answering (a 429 is the edge's rate limit, counted apart: a run
 * it throttles fails its `rate_limited` guard).
 *
 * Run by hand against a plan: `k6 run -e PLAN=/path/to/plan.json loadtests/moderation.ts`.
 */
import { check } from 'k6';
import http, { type RefinedParams, type RefinedResponse, type ResponseType } from 'k6/http';
import { Rate } from 'k6/metrics';
import type { Options, Scenario } from 'k6/options';
import type { Arrivals, LoadtestPlan, PlannedApiRequest } from '../charts/loadtests/plan';

const plan: LoadtestPlan = JSON.parse(open(__ENV.PLAN ?? './plan.json'));

/** The most static assets one page view fetches (a browser with a cold cache fetches them all; a CDN would serve most). */
const MAX_ASSETS_PER_PAGE = 10;
/** Static asset references in a Next.js page: `src` and `href` attributes under the static prefix. */
const ASSET_PATTERN = new RegExp(`(?:src|href)="(${plan.web.staticPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^"?#]+)"`, 'g');

const rateLimited = new Rate('rate_limited');

// Failed means what the availability objective counts: 5xx and transport errors, not 4xx.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 499 }));

function scenario(arrivals: Arrivals, exec: string): Scenario {
  if (arrivals.executor === 'constant-arrival-rate') return { ...arrivals, exec };
  return { ...arrivals, stages: arrivals.stages.map((stage) => ({ ...stage })), exec };
}

const scenarios: Record<string, Scenario> = { web: scenario(plan.web.arrivals, 'web') };
if (plan.api) scenarios.api = scenario(plan.api.arrivals, 'api');

export const options: Options = {
  scenarios,
  thresholds: Object.fromEntries(Object.entries(plan.thresholds).map(([metric, expressions]) => [metric, [...expressions]])),
  userAgent: plan.userAgent,
  // Percentiles in the summary: the latency objectives' (p(99)) and the usual ones.
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
  // Samples carry the scenario's tags; the URL of a static asset is grouped under one name.
  tags: { plan: `${plan.target}/${plan.scenario}` },
};

/** Counts a response against the rate-limit guard; returns it. */
function recorded<T extends RefinedResponse<ResponseType | undefined>>(response: T): T {
  rateLimited.add(response.status === 429);
  return response;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

function weighted(requests: readonly PlannedApiRequest[]): PlannedApiRequest {
  let draw = Math.random() * requests.reduce((sum, r) => sum + r.weight, 0);
  for (const request of requests) {
    draw -= request.weight;
    if (draw < 0) return request;
  }
  return requests[requests.length - 1];
}

/** The distinct static assets a page references, at most `MAX_ASSETS_PER_PAGE`. */
function assetsOf(body: string): string[] {
  const paths = new Set<string>();
  for (const match of body.matchAll(ASSET_PATTERN)) {
    if (paths.size >= MAX_ASSETS_PER_PAGE) break;
    paths.add(match[1]);
  }
  return [...paths];
}

export function setup(): void {
  console.log(`${plan.target} ${plan.scenario}: thresholds ${JSON.stringify(plan.thresholds)}`);
  for (const objective of plan.unmeasured) console.log(`not measured by this test, watch it during the run: ${objective.id}: ${objective.watch}`);
}

/** One page view: the page, then its static assets in parallel, as a browser with a cold cache. */
export function web(): void {
  const { baseUrl, service, staticPrefix } = plan.web;
  const page = pick(plan.web.pages);
  const response = recorded(http.get(`${baseUrl}${page}`, { tags: { service, name: `GET ${page}` } }));
  check(response, { 'page answered 2xx': (r) => r.status >= 200 && r.status < 300 });
  if (typeof response.body !== 'string') return;
  const params: RefinedParams<'none'> = { responseType: 'none', tags: { service, name: `GET ${staticPrefix}/*` } };
  const assets = http.batch(assetsOf(response.body).map((path) => ({ method: 'GET', url: `${baseUrl}${path}`, params })));
  for (const asset of assets) check(recorded(asset), { 'static asset answered 200': (r) => r.status === 200 });
}

/** One public API request of the mix; a write submits synthetic content marked as a load test. */
export function api(): void {
  if (!plan.api) return;
  const { baseUrl, service, tokenEnv } = plan.api;
  const request = weighted(plan.api.requests);
  const token = tokenEnv === undefined ? undefined : __ENV[tokenEnv];
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const params: RefinedParams<'none'> = { responseType: 'none', tags: { service, name: `${request.method} ${request.path}` } };
  const url = `${baseUrl}${request.path}`;
  const response =
    request.method === 'GET'
      ? http.get(url, { ...params, headers })
      : http.post(
          url,
          JSON.stringify({ content: `load test content ${__VU}-${__ITER}`, metadata: { source: 'loadtest', plan: `${plan.target}/${plan.scenario}` } }),
          { ...params, headers: { ...headers, 'Content-Type': 'application/json' } },
        );
  check(recorded(response), { 'API answered 2xx': (r) => r.status >= 200 && r.status < 300 });
}
