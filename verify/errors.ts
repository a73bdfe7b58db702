/**
 * Errors that end a run with exit code 2 ("the verifier could not do its job"). Each carries a message
 * fit for a single stderr line; anything else reaching the CLI is a bug.
 */
export class VerifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line arguments or options. */
export class UsageError extends VerifierError {}

/** Kubeconfig missing, unreadable, or naming an unknown context. */
export class KubeconfigError extends VerifierError {}

/** How a request to the API server failed, after retries. */
export type ApiFailure =
  | 'unreachable' // connection refused, DNS, TLS handshake, reset
  | 'timeout' // no complete response within the per-request timeout
  | 'unauthorized' // 401: credentials refused
  | 'forbidden' // 403: RBAC
  | 'notFound' // 404 with a Status body naming an object
  | 'pathNotFound' // 404 for the path itself (group/version or resource not served)
  | 'gone' // 410: pagination token expired
  | 'throttled' // 429 after retries
  | 'server' // 5xx after retries
  | 'protocol'; // anything else: unexpected status or an unparsable body

export class ApiError extends VerifierError {
  constructor(
    readonly failure: ApiFailure,
    message: string,
    readonly path: string,
    readonly statusCode?: number,
  ) {
    super(message);
  }

  /** Failures that make the whole run meaningless (rather than one kind Unknown). */
  get isFatal(): boolean {
    return this.failure === 'unreachable' || this.failure === 'unauthorized';
  }
}
