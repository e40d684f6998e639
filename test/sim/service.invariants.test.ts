// The service invariants on the full simulation: random services (desiredCount,
// bounds, circuit breaker), random UpdateService timelines (scaling, new
// revisions, sometimes an image that cannot be pulled), crashes and seeds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Invariant } from '../support/service-invariants.ts';
import { serviceScenario, simViolations, UNTIL_SECONDS } from '../support/service-fuzz.ts';
import { runService, webService, webTd } from '../support/service.ts';

const SEED = 20260105;
/** Invariants with a known bug of machines/service.rules.ts (none left; see the regressions below). */
const KNOWN: ReadonlySet<string> = new Set<Invariant>([]);

describe('service simulation invariants', () => {
  it('should keep tasks within bounds, end every task RUNNING or STOPPED and every deployment COMPLETED or FAILED, with ordered events', () => {
    fc.assert(
      fc.property(serviceScenario, (scenario) => {
        const found = simViolations(runService(scenario, UNTIL_SECONDS)).filter((x) => !KNOWN.has(x.invariant));
        expect(found.map((x) => `${x.detail} [${x.invariant}]`)).toEqual([]);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  // The superseded bug of the rules: revision 2 deployed before revision 1's deployment completed;
  // revision 1's deployment leaves the list without SERVICE_DEPLOYMENT_COMPLETED or _FAILED.
  it('should end a deployment superseded while IN_PROGRESS COMPLETED or FAILED (regression: superseded)', () => {
    const sim = runService(webService({ desiredCount: 1 }, { timeline: [{ at: 5, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] }), UNTIL_SECONDS);
    expect(simViolations(sim).filter((x) => x.invariant === 'superseded').map((x) => x.detail)).toEqual([]);
  });

  // The maxPercent bug of the rules, through the real simulation: 4 tasks at 50/100, a new revision
  // (2 old stop, 2 new launch), then desiredCount 2: 1 old task kept for the floor + 2 new = 3 > 2.
  it('should keep active tasks within maximumPercent when desiredCount drops during a deployment (regression: maxPercent after a decrease)', () => {
    const sim = runService(
      webService(
        { desiredCount: 4, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 } },
        { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }, { at: 610, action: 'UpdateService', desiredCount: 2 }] },
      ),
      UNTIL_SECONDS,
    );
    expect(simViolations(sim).filter((x) => x.invariant === 'maxPercent').map((x) => x.detail)).toEqual([]);
  });
});
