// When health checks give their verdicts, for an app that answers them from
// the start, never (a HealthCheck fault), only after a slow start (its
// passAfterSeconds), or only until it goes bad (its failAfterSeconds). A check
// k (k = 1, 2, …) runs k intervals after the checks began and passes once the
// app answers: the first passing check is the p-th, p = ceil(passAfter /
// interval), at least the first; the first failing one after the app stops
// answering is the f-th, f = ceil(failAfter / interval), at least the first.

export interface Verdicts {
  /** when the first verdict comes, from the moment the checks began */
  firstMs: number;
  /** the first verdict is a failure */
  fails: boolean;
  /** after a failed first verdict, how long until the checks pass again (null: they never do) */
  recoversAfterMs: number | null;
  /** after a passed first verdict, how long until the checks have failed enough (null: they never do) */
  failsAfterMs: number | null;
}

/** undefined: the checks pass from the start; null: they never pass; else ms after the checks began */
export type PassAfter = number | null | undefined;

/** The first check at or after `ms` (the app answers, or stops answering, then): the first check at the least. */
const firstCheckFrom = (ms: number, intervalMs: number) => Math.max(1, Math.ceil(ms / intervalMs));

/**
 * A load balancer target (the target group's health checks): out of
 * `initial`, unhealthy after `unhealthy` consecutive failures, healthy after
 * `healthy` consecutive passes, in either order (the ELB user guide).
 */
export function targetVerdicts(intervalMs: number, healthy: number, unhealthy: number, passAfter: PassAfter, failAfterMs: number | null = null): Verdicts {
  const never = { recoversAfterMs: null, failsAfterMs: null };
  if (passAfter === null) return { firstMs: unhealthy * intervalMs, fails: true, ...never };
  if (passAfter === undefined && failAfterMs !== null) {
    // checks 1 … f-1 pass, every one from the f-th fails
    const f = firstCheckFrom(failAfterMs, intervalMs);
    const unhealthyAtMs = (f + unhealthy - 1) * intervalMs;
    // too few passed to make it healthy: its first verdict is the failure
    if (f - 1 < healthy) return { firstMs: unhealthyAtMs, fails: true, ...never };
    return { firstMs: healthy * intervalMs, fails: false, recoversAfterMs: null, failsAfterMs: unhealthyAtMs - healthy * intervalMs };
  }
  const p = firstCheckFrom(passAfter ?? 0, intervalMs);
  const healthyAtMs = (p + healthy - 1) * intervalMs;
  // p - 1 checks fail first: enough of them make the target unhealthy before it turns healthy
  if (p - 1 >= unhealthy) return { firstMs: unhealthy * intervalMs, fails: true, recoversAfterMs: healthyAtMs - unhealthy * intervalMs, failsAfterMs: null };
  return { firstMs: healthyAtMs, fails: false, ...never };
}

/**
 * A container's own health check (Docker's): one passing check makes it
 * HEALTHY, `retries` consecutive failures UNHEALTHY, and failures inside the
 * start period are not counted, so UNHEALTHY comes with the `retries`-th
 * failed check at or after the start period ends: the grace is added to the
 * retries, not a floor under them.
 */
export function containerVerdicts(intervalMs: number, retries: number, startPeriodMs: number, passAfter: PassAfter, failAfterMs: number | null = null): Verdicts {
  const never = { recoversAfterMs: null, failsAfterMs: null };
  const firstCounted = Math.max(1, Math.ceil(startPeriodMs / intervalMs));
  const unhealthyAt = firstCounted + retries - 1;
  if (passAfter === null) return { firstMs: unhealthyAt * intervalMs, fails: true, ...never };
  if (passAfter === undefined && failAfterMs !== null) {
    const f = firstCheckFrom(failAfterMs, intervalMs);
    // the very first check fails: as if the app never answered
    if (f === 1) return { firstMs: unhealthyAt * intervalMs, fails: true, ...never };
    // the first passes, so the start period is over (Docker): every failure from the f-th counts
    return { firstMs: intervalMs, fails: false, recoversAfterMs: null, failsAfterMs: (f + retries - 2) * intervalMs };
  }
  const p = firstCheckFrom(passAfter ?? 0, intervalMs);
  if (unhealthyAt < p) return { firstMs: unhealthyAt * intervalMs, fails: true, recoversAfterMs: (p - unhealthyAt) * intervalMs, failsAfterMs: null };
  return { firstMs: p * intervalMs, fails: false, ...never };
}

/**
 * When the app answers its checks, as the HealthCheck faults say: from
 * `passAfter` (undefined: from the start; null: never) until `failAfterMs`
 * (null: for good), both from the moment the checks began.
 */
export interface Answering {
  passAfter: PassAfter;
  failAfterMs: number | null;
}

/** The checks 1 … a-1 fail (a slow start), a … f-1 pass, every one from f fails. */
interface Stopped {
  a: number;
  f: number;
}

/**
 * The app stops answering `elapsedMs` after the checks began (a
 * HealthChecksFail action): every check after that moment fails, and the one
 * at the moment itself ran before it (an action acts after all that is due
 * then). Null when nothing changes: the app was not answering, and never
 * would again (checks that never pass, or already gone bad).
 */

function stoppedChecks(intervalMs: number, offsetMs: number, answering: Answering, elapsedMs: number): Stopped | null {
  const { passAfter, failAfterMs } = answering;
  if (passAfter === null) return null;
  const a = firstCheckFrom(passAfter ?? 0, intervalMs);
  const wentBad = failAfterMs === null ? Infinity : firstCheckFrom(failAfterMs, intervalMs);
  // the first check strictly after the moment (check k runs offset + k intervals after the checks began)
  const after = Math.max(1, Math.floor((elapsedMs - offsetMs) / intervalMs) + 1);
  // no check it would have passed is left: nothing changes
  if (Math.max(a, after) >= wentBad) return null;
  // (after < wentBad here: the app was still to answer, or answering, until the moment)
  return { a, f: after };
}

/**
 * A load balancer target whose app stops answering `elapsedMs` after its
 * registration: when its unhealthy verdict comes now, from the registration
 * (null: it is unhealthy already, and stays so: a slow start that will not
 * end), or undefined when nothing changes. Run by run, under the ELB rules
 * of targetVerdicts.
 */
export function targetUnhealthyAfterStop(intervalMs: number, healthy: number, unhealthy: number, answering: Answering, elapsedMs: number): number | null | undefined {
  const s = stoppedChecks(intervalMs, 0, answering, elapsedMs);
  if (!s) return undefined;
  const { a, f } = s;
  // no check passed before it stopped: one failing run from the first (a slow start that will not end now)
  if (a >= f) return unhealthy * intervalMs <= elapsedMs ? null : unhealthy * intervalMs;
  // checks 1 … a-1 fail: unhealthy once `unhealthy` of them have
  let status: 'initial' | 'healthy' | 'unhealthy' = a - 1 >= unhealthy ? 'unhealthy' : 'initial';
  // a … f-1 pass: healthy once `healthy` of them have
  if (f - a >= healthy) status = 'healthy';
  // every check from f fails: unhealthy at the threshold, unless it is already
  return status === 'unhealthy' ? null : (f + unhealthy - 1) * intervalMs;
}

/**
 * A container whose app stops answering its own health check `elapsedMs`
 * after it started (checks run `offsetMs` + k intervals after the start, the
 * jitter the world drew): when its UNHEALTHY verdict comes now, from the
 * start (null: UNHEALTHY already, and it stays), or undefined when nothing
 * changes. Docker's rules, as containerVerdicts: one pass makes it HEALTHY
 * and ends the start period; failures inside the start period do not count.
 */
export function containerUnhealthyAfterStop(intervalMs: number, retries: number, startPeriodMs: number, offsetMs: number, answering: Answering, elapsedMs: number): number | null | undefined {
  const s = stoppedChecks(intervalMs, offsetMs, answering, elapsedMs);
  if (!s) return undefined;
  const { a, f } = s;
  const firstCounted = Math.max(1, Math.ceil(startPeriodMs / intervalMs));
  const at = (check: number) => offsetMs + check * intervalMs;
  // no check passed before it stopped: one failing run from the start, counted after the start period
  if (a >= f) {
    const k = firstCounted + retries - 1;
    // that verdict came already (a slow start that will not end now): it stays UNHEALTHY
    return at(k) <= elapsedMs ? null : at(k);
  }
  // a passed, so the start period is over: every failure from f counts
  return at(f + retries - 1);
}
