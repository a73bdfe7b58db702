import type { Feature } from '../platform/feature';
import { EdgeChart } from './chart';
import { edgeRules } from './rules';
import { edgeSchema } from './schema';

const config = { edge: edgeSchema };

/** The public edge: Gateway API with Envoy Gateway, TLS from cert-manager, routes and their policies. */
export const edge: Feature<typeof config> = {
  id: 'edge',
  config,
  rules: [edgeRules],
  charts: (scope, { target, cloud }) => [new EdgeChart(scope, 'edge', { target, cloud })],
};
