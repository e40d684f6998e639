// Model-based tests of the service scheduler statechart: the real machine,
// run as an actor, in an environment model that runs the tasks it launches
// and stops (test/support/service-world.ts). fast-check draws the walks (a
// fixed seed): world moves, ticks, scaling and deployments (some broken) in
// any interleaving, then a quiet world. Invariants are checked at every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serviceMachine } from '../../machines/service.machine.ts';
import type { CircuitBreaker, ServiceSettings } from '../../machines/service.types.ts';
import { INVARIANTS, type Invariant } from '../support/service-invariants.ts';
import { DECISIONS, report, walk, type Op } from '../support/service-walk.ts';
import { ServiceWorld } from '../support/service-world.ts';
import { defined, missing, Reached } from './support/coverage.ts';

const SEED = 20260105;
const RUNS_PER_CONFIG = 40;
const BOUNDS = [[100, 200], [50, 100], [0, 100], [100, 100], [50, 150]] as const;
const breaker = (enable: boolean, rollback: boolean, more: Partial<CircuitBreaker> = {}): CircuitBreaker => ({ enable, rollback, resetOnHealthyTask: true, thresholdConfiguration: null, ...more });
const BREAKERS = {
  off: breaker(false, false),
  on: breaker(true, false),
  'on with rollback': breaker(true, true),
  // a low threshold that never resets: the breaker trips within the walks' few tasks
  'on with rollback, 3 failures in all': breaker(true, true, { resetOnHealthyTask: false, thresholdConfiguration: { type: 'COUNT', value: 3 } }),
};

const op: fc.Arbitrary<Op> = fc.record({
  op: fc.oneof(
    { weight: 4, arbitrary: fc.constant('tick' as const) },
    { weight: 5, arbitrary: fc.constant('world' as const) },
    { weight: 2, arbitrary: fc.constant('progress' as const) },
    { weight: 2, arbitrary: fc.constant('wait' as const) },
    { weight: 1, arbitrary: fc.constant('scale' as const) },
    { weight: 1, arbitrary: fc.constant('deploy' as const) },
  ),
  n: fc.nat(29),
});
const walkInput = (settings: ServiceSettings) =>
  fc.record({ settings: fc.constant(settings), desiredCount: fc.integer({ min: 0, max: 4 }), ops: fc.array(op, { minLength: 20, maxLength: 160, size: 'max' }), seed: fc.nat() });

/** Invariants the machine breaks today: none (the regressions below were bugs once). */
const KNOWN: ReadonlySet<Invariant> = new Set<Invariant>([]);

const reached = new Reached();
const decisions = new Set<string>();

describe('service scheduler in its environment model', () => {
  for (const [minimumHealthyPercent, maximumPercent] of BOUNDS) {
    for (const [breaker, circuitBreaker] of Object.entries(BREAKERS)) {
      const settings: ServiceSettings = { serviceName: 'web', minimumHealthyPercent, maximumPercent, circuitBreaker };
      it(`should keep every invariant at every step and settle, ${minimumHealthyPercent}/${maximumPercent}, circuit breaker ${breaker}`, () => {
        fc.assert(
          fc.property(walkInput(settings), (input) => {
            const r = walk(input, KNOWN, reached.observe);
            r.reached.forEach((d) => decisions.add(d));
            if (r.violations.some((v) => !KNOWN.has(v.invariant))) throw new Error(report(r));
          }),
          { seed: SEED, numRuns: RUNS_PER_CONFIG },
        );
      });
    }
  }

  // Bugs these walks found in machines/service.rules.ts, each the shortest walk that showed it:
  // kept as regression tests.
  describe('regressions', () => {
    const T = { op: 'tick', n: 0 } as const;
    const P = { op: 'progress', n: 0 } as const;
    const world = (n: number) => ({ op: 'world', n }) as const;
    const only = (invariant: Invariant, input: Parameters<typeof walk>[0]) => {
      const r = walk(input, new Set(Object.keys(INVARIANTS) as Invariant[]));
      expect(r.violations.filter((v) => v.invariant === invariant), report(r, invariant)).toEqual([]);
    };
    const settings = (min: number, max: number): ServiceSettings => ({ serviceName: 'web', minimumHealthyPercent: min, maximumPercent: max, circuitBreaker: BREAKERS.off });

    // A deployment replaced while IN_PROGRESS: once it ended FAILED with SERVICE_DEPLOYMENT_FAILED
    // even with the circuit breaker off, which AWS sends only from the breaker. It now turns
    // ACTIVE, keeps IN_PROGRESS, says nothing, and leaves when the new one completes.
    it(`${INVARIANTS.superseded} (was a bug: a replaced deployment ended FAILED without the circuit breaker)`, () => {
      only('superseded', { settings: settings(100, 200), desiredCount: 1, ops: [T, { op: 'deploy', n: 1 }, T, P, P, T], seed: 1 });
    });

    // An old deployment's tasks that do not count as healthy are stopped with prefer 'pending';
    // with no pending task left, 'pending' lets the world take any task (ServiceSimulation.stopTasks
    // does: its second pass is `() => true`), so a healthy one may go instead of the unhealthy one,
    // and the healthy stops computed next assume it is still there.
    it(`${INVARIANTS.minHealthy} (was a bug: stop prefer 'pending' could take a healthy task of an old deployment; now 'notHealthy')`, () => {
      // 2 tasks of revision 1 RUNNING: one healthy, one failing its health check; then revision 2.
      only('minHealthy', { settings: settings(100, 200), desiredCount: 2, ops: [T, P, world(0), world(1), { op: 'deploy', n: 1 }, T], seed: 0 });
    });

    // After a desiredCount decrease mid-deployment, old healthy tasks are kept for the floor of the
    // new count and the primary keeps desiredCount tasks: together above maximumPercent.
    it(`${INVARIANTS.maxPercent} (was a bug: a desiredCount decrease during a deployment kept old floor + desiredCount new tasks)`, () => {
      // 4 healthy tasks at 50/100; revision 2 launches 2 while 2 old stop; scaled to 2: 1 old + 2 new > 2.
      only('maxPercent', { settings: settings(50, 100), desiredCount: 4, ops: [T, P, P, T, { op: 'deploy', n: 1 }, T, { op: 'scale', n: 2 }, T], seed: 1 });
    });
  });

  it('should reach every state and transition of the service machine, and every decision of its rules', () => {
    const def = defined(serviceMachine);
    const s = def.states.filter((x) => reached.states.has(x)).length;
    const t = def.transitions.filter((x) => reached.transitions.has(x)).length;
    const d = DECISIONS.filter((x) => decisions.has(x)).length;
    console.log(`coverage: service ${s}/${def.states.length} states ${t}/${def.transitions.length} transitions; rules ${d}/${DECISIONS.length} decisions`);
    expect([...missing(def, reached), ...DECISIONS.filter((x) => !decisions.has(x))]).toEqual([]);
  });
});

describe('deployment ids', () => {
  it('should hand out the ids in order, reading the list where it is rather than copying its rest at each deployment (thousands were quadratic)', () => {
    const settings: ServiceSettings = { serviceName: 'web', minimumHealthyPercent: 100, maximumPercent: 200, circuitBreaker: BREAKERS.off };
    const world = new ServiceWorld(settings, 1, () => 0);
    const ids = world.context.deploymentIds;
    for (let revision = 2; revision <= 20; revision++) world.update({ revision });
    // the same list, read by index: copying its rest at each deployment made 40,000 of them take minutes
    expect(world.context.deploymentIds).toBe(ids);
    expect(world.context.deploymentsMade).toBe(20);
    expect(world.context.deployments.at(-1)!.id).toBe('ecs-svc/20');
  });
});
