// The service invariants on the full simulation: random services (desiredCount,
// bounds, circuit breaker), random UpdateService timelines (scaling, new
// revisions, sometimes an image that cannot be pulled), crashes and seeds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Invariant } from '../support/service-invariants.ts';
import { serviceScenario, simViolations, UNTIL_SECONDS } from '../support/service-fuzz.ts';
import { noticesOf, runService, webService, webTd } from '../support/service.ts';

const SEED = 20260105;
/** Invariants with a known bug of machines/service.rules.ts (none left; see the regressions below). */
const KNOWN: ReadonlySet<string> = new Set<Invariant>([]);

describe('service simulation invariants', () => {
  it('should keep tasks within bounds, end every task RUNNING or STOPPED and the primary deployment COMPLETED or FAILED (a replaced one gone once the primary completes), with ordered events', () => {
    fc.assert(
      fc.property(serviceScenario, (scenario) => {
        const found = simViolations(runService(scenario, UNTIL_SECONDS)).filter((x) => !KNOWN.has(x.invariant));
        expect(found.map((x) => `${x.detail} [${x.invariant}]`)).toEqual([]);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  // Revision 2 deployed before revision 1's deployment completed, with the circuit breaker
  // off: revision 1's deployment turns ACTIVE, sends no SERVICE_DEPLOYMENT_FAILED (AWS sends
  // it only from the breaker) and leaves the list once revision 2 completes.
  it('should let a deployment replaced while IN_PROGRESS turn ACTIVE without an event, and drop it when the new one completes (regression: superseded)', () => {
    const s = webService({ desiredCount: 1 }, { timeline: [{ at: 5, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] });
    const early = runService(s, 6);
    const [first, second] = early.serviceSnapshot.context.deployments;
    expect([first!.status, first!.rolloutState, second!.status, second!.rolloutState]).toEqual(['ACTIVE', 'IN_PROGRESS', 'PRIMARY', 'IN_PROGRESS']);
    const sim = runService(s, UNTIL_SECONDS);
    const notices = noticesOf(sim).filter((n) => n.deploymentId === first!.id).map((n) => n.eventName);
    expect(notices).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS']);
    expect(sim.serviceSnapshot.context.deployments.map((d) => [d.id, d.rolloutState])).toEqual([[second!.id, 'COMPLETED']]);
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
