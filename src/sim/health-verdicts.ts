// When health checks give their verdicts, for an app that answers them from
// the start, never (a HealthCheck fault), or only after a slow start (its
// passAfterSeconds). A check k (k = 1, 2, …) runs k intervals after the
// checks began and passes once the app answers: the first passing check is
// the p-th, p = ceil(passAfter / interval), at least the first.

export interface Verdicts {
  /** when the first verdict comes, from the moment the checks began */
  firstMs: number;
  /** the first verdict is a failure */
  fails: boolean;
  /** after a failed first verdict, how long until the checks pass again (null: they never do) */
  recoversAfterMs: number | null;
}

/** undefined: the checks pass from the start; null: they never pass; else ms after the checks began */
export type PassAfter = number | null | undefined;

const firstPassing = (passAfterMs: number, intervalMs: number) => Math.max(1, Math.ceil(passAfterMs / intervalMs));

/**
 * A load balancer target (the target group's health checks): out of
 * `initial`, unhealthy after `unhealthy` consecutive failures, healthy after
 * `healthy` consecutive passes, in either order (the ELB user guide).
 */
export function targetVerdicts(intervalMs: number, healthy: number, unhealthy: number, passAfter: PassAfter): Verdicts {
  if (passAfter === null) return { firstMs: unhealthy * intervalMs, fails: true, recoversAfterMs: null };
  const p = firstPassing(passAfter ?? 0, intervalMs);
  const healthyAtMs = (p + healthy - 1) * intervalMs;
  // p - 1 checks fail first: enough of them make the target unhealthy before it turns healthy
  if (p - 1 >= unhealthy) return { firstMs: unhealthy * intervalMs, fails: true, recoversAfterMs: healthyAtMs - unhealthy * intervalMs };
  return { firstMs: healthyAtMs, fails: false, recoversAfterMs: null };
}

/**
 * A container's own health check (Docker's): one passing check makes it
 * HEALTHY, `retries` consecutive failures UNHEALTHY, and failures inside the
 * start period are not counted, so UNHEALTHY comes with the `retries`-th
 * failed check at or after the start period ends: the grace is added to the
 * retries, not a floor under them.
 */
export function containerVerdicts(intervalMs: number, retries: number, startPeriodMs: number, passAfter: PassAfter): Verdicts {
  const firstCounted = Math.max(1, Math.ceil(startPeriodMs / intervalMs));
  const unhealthyAt = firstCounted + retries - 1;
  if (passAfter === null) return { firstMs: unhealthyAt * intervalMs, fails: true, recoversAfterMs: null };
  const p = firstPassing(passAfter ?? 0, intervalMs);
  if (unhealthyAt < p) return { firstMs: unhealthyAt * intervalMs, fails: true, recoversAfterMs: (p - unhealthyAt) * intervalMs };
  return { firstMs: p * intervalMs, fails: false, recoversAfterMs: null };
}
