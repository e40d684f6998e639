// A slow start (a HealthCheck fault with passAfterSeconds): the checks fail
// until the app answers, then pass. The target and the container recover, as
// ELB and Docker count them, and what depends on their health follows.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { enteredAt, fargateWeb, run, TG_ARN, webDefinition } from '../support/scenarios.ts';

const healthNotes = (sim: ReturnType<typeof run>, actor: string) =>
  sim.trace.filter((e) => e.actor === actor && e.from === e.to && /^health check/.test(e.note)).map((e) => [e.t - enteredAt(sim, actor, 'RUNNING')!, e.note.split(';')[0]]);

describe("a container's own health check after a slow start", () => {
  // checks every 30 s, 3 retries: failing at 30, 60, 90 s (UNHEALTHY), passing from 120 s
  const db = (passAfterSeconds: number) => {
    const td = webDefinition({ dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] });
    td.containerDefinitions.push({ name: 'db', image: 'postgres:16', essential: false, healthCheck: { command: ['CMD-SHELL', 'pg_isready'] } } as never);
    return loadScenario({ taskDefinition: td, timeline: [{ at: 600, action: 'StopTask' }], faults: [{ step: 'HealthCheck', container: 'db', passAfterSeconds }] });
  };

  it('should turn UNHEALTHY after its retries, then HEALTHY at the first check that passes, and DescribeTasks say so', () => {
    const sim = run(db(100), 300);
    const notes = healthNotes(sim, 'container-db');
    expect(notes.map(([, n]) => n)).toEqual(['health checks failed: UNHEALTHY', 'health check passed: HEALTHY']);
    // the checks' jitter (under a second) shifts both alike
    expect((notes[1]![0] as number) - (notes[0]![0] as number)).toBe(30_000);
    expect(Math.floor((notes[0]![0] as number) / 1000)).toBe(90);
    const task = sim.describeTask() as unknown as { containers: { name: string; healthStatus: string }[] };
    expect(task.containers.find((c) => c.name === 'db')!.healthStatus).toBe('HEALTHY');
  });

  it('should let the container that waits for it to be HEALTHY be pulled and started once it passes, and the task reach RUNNING then', () => {
    const sim = run(db(100), 300);
    const healthy = sim.trace.find((e) => e.actor === 'container-db' && e.note.startsWith('health check passed'))!.t;
    // its image is pulled only once its dependency holds (the agent's order)
    expect(enteredAt(sim, 'container-web', 'PULLING')).toBe(healthy);
    expect(enteredAt(sim, 'task', 'RUNNING')).toBeGreaterThan(healthy);
  });

  it('should never be UNHEALTHY when it answers before its retries run out', () => {
    const sim = run(db(80), 300);
    expect(healthNotes(sim, 'container-db').map(([, n]) => n)).toEqual(['health check passed: HEALTHY']);
  });
});

describe('a load balancer target after a slow start, in a task run on its own', () => {
  const target = (sim: ReturnType<typeof run>) => sim.trace.filter((e) => e.actor === 'target-0').map((e) => [e.to, e.t - enteredAt(sim, 'target-0', 'initial')!]);

  it('should be healthy after 5 passes from the first check that passes, without ever being unhealthy, when fewer checks fail than the unhealthy threshold', () => {
    // checks at 30 s (fails), 60 s … 180 s (pass)
    const sim = run(fargateWeb({ faults: [{ step: 'HealthCheck', passAfterSeconds: 45 }] }));
    expect(target(sim).slice(2, 4)).toEqual([['initial', 0], ['healthy', 180_000]]);
  });

  it('should turn unhealthy at the threshold, healthy again after the healthy threshold, and its scheduler keep it when that comes before the replacement is judged', () => {
    // healthy threshold 2: unhealthy at 60 s, passing from 90 s, healthy at 120 s; the replacement's verdict ≈ 60 s + its own 97 s
    const sim = run(fargateWeb({ timeline: [{ at: 600, action: 'StopTask' }], settings: { healthyThresholdCount: 2 }, faults: [{ step: 'HealthCheck', passAfterSeconds: 90 }] }));
    expect(target(sim).slice(3, 5)).toEqual([['unhealthy', 60_000], ['healthy', 120_000]]);
    const scheduler = sim.trace.filter((e) => e.actor === 'world' && e.to === 'scheduler').map((e) => e.note);
    expect(scheduler).toHaveLength(2);
    expect(scheduler[1]).toMatch(/^the replacement has its verdict, but this task passes its health checks again by now: the scheduler keeps it/);
    const last = sim.events.at(-1)!.detail as { stopCode: string };
    expect(last.stopCode).toBe('UserInitiated');
  });

  it('should be stopped by its scheduler when it is still unhealthy as the replacement is judged', () => {
    // healthy threshold 5: healthy again only at 210 s, after the stop (≈ 60 s + 97 s)
    const sim = run(fargateWeb({ timeline: [], faults: [{ step: 'HealthCheck', passAfterSeconds: 90 }] }));
    const last = sim.events.at(-1)!.detail as { stopCode: string; stoppedReason: string };
    expect(last).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: expect.stringMatching(/^Task failed ELB health checks in \(target-group /) });
    expect(sim.trace.some((e) => e.actor === 'target-0' && e.from === 'unhealthy' && e.to === 'healthy')).toBe(false);
  });
});

describe('a task its scheduler kept, whose other checks fail later', () => {
  // the container passes again after its slow start (kept); the load balancer's checks never pass
  const twoChecks = () =>
    loadScenario({
      taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } }),
      loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
      settings: { unhealthyThresholdCount: 10 },
      faults: [{ step: 'HealthCheck', container: 'web', passAfterSeconds: 100 }, { step: 'HealthCheck' }],
    });

  it('should be watched on: the target failing after the task was kept starts another replacement, timed from that failure, and the task is stopped', () => {
    const sim = run(twoChecks());
    const scheduler = sim.trace.filter((e) => e.actor === 'world' && e.to === 'scheduler');
    expect(scheduler.map((e) => e.note.split(':')[0])).toEqual([
      "the task's service finds it unhealthy",
      'the replacement has its verdict, but this task passes its health checks again by now',
      "the task's service finds it unhealthy",
    ]);
    const unhealthyAt = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'unhealthy')!.t;
    expect(scheduler[2]!.t).toBe(unhealthyAt);
    // the replacement goes as this task went from its placement (0) to this failure, not to the one it passed again
    expect(scheduler[2]!.note).toContain(`in about ${(unhealthyAt / 1000).toFixed(1)} s`);
    const last = sim.events.at(-1)!.detail as { lastStatus: string; stopCode: string; stoppedReason: string };
    expect(last).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: expect.stringMatching(/^Task failed ELB health checks in \(target-group /) });
    expect(enteredAt(sim, 'task', 'DEACTIVATING')).toBe(2 * unhealthyAt);
  });
});

describe('an essential container that passed again before RUNNING, in a task whose target fails later', () => {
  it("should time the replacement's verdict from the target's failure, not from the container's passed-over one", () => {
    const td = webDefinition({ dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] });
    td.containerDefinitions.push({ name: 'db', image: 'postgres:16', healthCheck: { command: ['CMD-SHELL', 'pg_isready'] } } as never);
    const sim = run(
      loadScenario({
        taskDefinition: td,
        loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
        settings: { unhealthyThresholdCount: 10 },
        faults: [{ step: 'HealthCheck', container: 'db', passAfterSeconds: 100 }, { step: 'HealthCheck' }],
      }),
    );
    const dbUnhealthy = sim.trace.find((e) => e.actor === 'container-db' && e.note.startsWith('health checks failed'))!.t;
    const targetUnhealthy = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'unhealthy')!.t;
    expect(dbUnhealthy).toBeLessThan(enteredAt(sim, 'task', 'RUNNING')!);
    expect(enteredAt(sim, 'task', 'DEACTIVATING')).toBe(2 * targetUnhealthy);
  });
});

describe('passAfterSeconds', () => {
  it.each([
    [0, 'faults[0].passAfterSeconds: must be an integer from 1 to 86400 seconds, got 0'],
    ['90', 'faults[0].passAfterSeconds: must be an integer from 1 to 86400 seconds, got "90"'],
  ])('should refuse %o with a message naming the field', (value, message) => {
    expect(() => fargateWeb({ faults: [{ step: 'HealthCheck', passAfterSeconds: value }] })).toThrow(message);
  });
});
