/**
 * k6's `console` (its logger: the runner's log, with the level), which `@types/k6` leaves to the DOM
 * library; the scripts are not checked against the DOM, which k6 does not have.
 */
declare global {
  const console: {
    log(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
  };
}

export {};
