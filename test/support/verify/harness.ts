/** A fake cluster loaded with the healthy live state of the staging fixture, and a verify() bound to it. */
import { plainConnection } from '../../../verify/transport';
import { verify, VerifyOptions } from '../../../verify/verify';
import { VerifyResult } from '../../../verify/types';
import { FakeApiServer } from './fake-apiserver';
import { desiredFixture, FIXTURE_DIR, liveState } from './live-state';

export interface Harness {
  server: FakeApiServer;
  run(options?: Partial<VerifyOptions>): Promise<VerifyResult>;
  stop(): Promise<void>;
}

/** Short timeouts and backoff so fault scenarios stay fast; no assertion depends on timing. */
export const FAST: Partial<VerifyOptions> = { timeoutMs: 400, retries: 2, backoffBaseMs: 5, backoffMaxMs: 20, pollIntervalMs: 30 };

export async function startHarness(): Promise<Harness> {
  const server = new FakeApiServer();
  server.apply(...liveState(desiredFixture()));
  await server.start();
  return {
    server,
    run: (options = {}) => verify({ manifests: FIXTURE_DIR, connection: plainConnection(server.url), ...FAST, ...options }),
    stop: () => server.stop(),
  };
}

export function resultFor(result: VerifyResult, kind: string, name: string) {
  const found = result.resources.find((r) => r.kind === kind && r.name === name);
  if (!found) throw new Error(`no result for ${kind} ${name}`);
  return found;
}
