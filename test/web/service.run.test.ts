import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { ServiceRun } from '../../src/web/service/service.run.ts';
import { serviceMessages } from '../../src/sim/service/service-output.ts';

const rolling = () => parseScenario(readFileSync(new URL('../../public/scenarios/service-rolling.json', import.meta.url), 'utf8'));

describe('the service view’s actions', () => {
  it('should number revisions as they are registered: one deployed from the page first, the timeline’s later one after it', () => {
    const scenario = rolling();
    const run = new ServiceRun(scenario);
    run.advanceTo(112_000);
    expect(run.deploy(false).revision).toBe(2); // the file's timeline would deploy its web:2 at 300 s
    run.sim.runUntil(3_600_000);
    expect([...run.sim.revisions.values()].map((td) => td.revision)).toEqual([1, 2, 3]);
    // the timeline's revision, registered at 300 s, is web:3 and newest: it is what runs at the end
    expect(run.sim.revisions.get('web:3')!.containerDefinitions[0]!.image).toBe('public.ecr.aws/nginx/nginx:1.28');
    // the editor's scenario is not renumbered
    expect(scenario.timeline.find((a) => a.action === 'UpdateService')!.taskDefinition!.revision).toBe(2);
    const byDefinition = [...run.deployments.values()].map((d) => d.taskDefinition);
    expect(new Set(byDefinition).size).toBe(byDefinition.length);
  });

  it('should stop a Step at a lasting message said again six hours on, and not step to one with nothing else to come', () => {
    const s = rolling();
    const later = parseScenario(JSON.stringify({ ...JSON.parse(readFileSync(new URL('../../public/scenarios/service-rolling.json', import.meta.url), 'utf8')), timeline: [{ at: 30_000, action: 'UpdateService', desiredCount: 4 }] }));
    const run = new ServiceRun(later);
    const steadyAt = () => run.sim.occurrences.flatMap((o) => (o.kind === 'service' && o.notice.eventName === 'SERVICE_STEADY_STATE' ? [o.t] : []));
    while (steadyAt().length === 0) run.step();
    const first = steadyAt()[0]!;
    // the next steps: the repeat at first + 6 h, alone, then the UpdateService at 30,000 s
    while (run.sim.clock.now() < first + 6 * 3600_000 && run.step());
    expect(run.sim.clock.now()).toBe(first + 6 * 3600_000);
    expect(steadyAt()).toEqual([first, first + 6 * 3600_000]);
    // a steady service with nothing else scheduled: no Step leaps six hours to a repeat
    const idle = new ServiceRun(s);
    while (idle.step());
    expect(idle.sim.clock.now()).toBeLessThan(3600_000);
  });

  it('should count the deployment moments Play can pause at, read on from where it stopped', () => {
    const run = new ServiceRun(rolling());
    const seen: string[] = [];
    const look = () => {
      const now = run.deploymentMoments();
      if (seen.at(-1) !== now) seen.push(now);
    };
    for (let t = 0; t <= 3_600_000; t += 5_000) run.advanceTo(t), look();
    // the first deployment begins and completes; the timeline's web:2 at 300 s the same
    expect(seen).toEqual(['1 SERVICE_DEPLOYMENT_IN_PROGRESS', '2 SERVICE_DEPLOYMENT_COMPLETED', '3 SERVICE_DEPLOYMENT_IN_PROGRESS', '4 SERVICE_DEPLOYMENT_COMPLETED']);
    // asked again with nothing new: the same, without reading the run again
    expect(run.deploymentMoments()).toBe('4 SERVICE_DEPLOYMENT_COMPLETED');
  });

  it('should pause, too, where the service finds no room for a task: the Spot preset runs short for twenty minutes', () => {
    const run = new ServiceRun(parseScenario(readFileSync(new URL('../../public/scenarios/service-spot-no-fallback.json', import.meta.url), 'utf8')));
    const seen: string[] = [];
    for (let t = 0; t <= 3_600_000; t += 5_000) {
      run.advanceTo(t);
      const now = run.deploymentMoments();
      if (seen.at(-1) !== now) seen.push(now);
    }
    expect(seen.map((m) => m.replace(/^\d+ /, ''))).toContain('SERVICE_TASK_PLACEMENT_FAILURE');
  });

  it('should name every deployment asked for on the page, past the ids drawn for the scenario, each its own', () => {
    const run = new ServiceRun(rolling());
    run.advanceTo(112_000);
    // the scenario's list holds 64: each press past it once went without an id (undefined)
    for (let i = 0; i < 70; i++) {
      run.forceNewDeployment();
      run.advanceTo(112_000 + (i + 1) * 1000);
    }
    const named = [...run.deployments.keys()];
    expect(named).toHaveLength(71);
    expect(named.every((id) => /^ecs-svc\/\d+$/.test(id))).toBe(true);
    expect(new Set(named).size).toBe(named.length);
  });

  it('should base the next revision on the last one registered, not the highest number', () => {
    const run = new ServiceRun(rolling());
    run.advanceTo(112_000);
    const early = run.deploy(false); // web:2, the scenario's image
    run.advanceTo(400_000); // the timeline has deployed web:3, with its newer image
    const timeline = run.sim.revisions.get('web:3')!;
    const next = run.deploy(false);
    expect(next.revision).toBe(4);
    expect(next.containerDefinitions.map((c) => c.image)).toEqual(timeline.containerDefinitions.map((c) => c.image));
    expect(next.containerDefinitions[0]!.image).not.toBe(early.containerDefinitions[0]!.image);
  });

  it('should crash the same tasks for the same scenario and clicks (seeded, like the rest of the run)', () => {
    const crashes = () => {
      const run = new ServiceRun(rolling());
      return [200_000, 260_000, 900_000].map((ms) => (run.advanceTo(ms), run.crashTask()));
    };
    const first = crashes();
    expect(first.every((i) => i !== null)).toBe(true);
    expect(crashes()).toEqual(first);
  });
});

describe('the service events list, in the order things happened', () => {
  it('should place each action among the events as it came: a deploy before the events it caused, a press after the events of its millisecond', () => {
    const run = new ServiceRun(rolling());
    run.advanceTo(300_000); // the timeline deploys web:2 at 300 s
    const inProgress = run.sim.occurrences.findIndex((o) => o.kind === 'service' && o.notice.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS' && o.t === 300_000);
    expect(inProgress).toBeGreaterThanOrEqual(0);
    const deploy = run.sim.notes.find((n) => /deploy web:2/.test(n.note))!;
    expect(deploy.after).toBeLessThanOrEqual(inProgress);
    // a desired count applied at the same millisecond, after those events
    const seen = run.sim.occurrences.length;
    run.setDesiredCount(5);
    expect(run.sim.notes.at(-1)!.after).toBe(seen);
    expect(run.sim.notes.at(-1)!.after).toBeGreaterThan(inProgress);
  });
});

describe('what Step counts as a change in a service', () => {
  it('should stop at every look of the scheduler whose counts or rollout differ from the last, and at every line of its log', () => {
    const run = new ServiceRun(rolling());
    const start = run.sim.scenario.startTime;
    // Step as the page does: on past moments that change nothing on screen
    const stops = new Set<number>([0]);
    for (let i = 0; i < 500; i++) {
      const seen = run.changes();
      let moved = false;
      while (run.step()) if (((moved = true), run.changes() !== seen)) break;
      if (!moved) break;
      stops.add(run.now());
    }
    let last = '';
    const countsChanged = run.sim.rows.flatMap((r) => {
      const key = JSON.stringify([r.state, r.desiredCount, r.deployments]);
      return key === last ? [] : ((last = key), [r.t]);
    });
    expect(countsChanged.length).toBeGreaterThan(5);
    for (const t of countsChanged) expect(stops, `counts changed at ${t} ms`).toContain(t);
    const logged = serviceMessages(run.sim).map((m) => Math.round(m.createdAt * 1000 - start));
    expect(logged.length).toBeGreaterThan(5);
    for (const t of logged) expect(stops, `logged at ${t} ms`).toContain(t);
  });
});

describe('a service Step shows something each time', () => {
  it('should stop only where the board, the counts, the events or the log change (a container’s own change shows only in the opened task)', () => {
    for (const file of ['service-spot-no-fallback.json', 'service-rolling.json', 'service-circuit-breaker.json']) {
      const run = new ServiceRun(parseScenario(readFileSync(new URL(`../../public/scenarios/${file}`, import.meta.url), 'utf8')));
      const visible = () => {
        const row = run.sim.rows.at(-1);
        return JSON.stringify([
          run.sim.tasks.map((t) => [t.world.status, t.world.snap.context.desiredStatus]),
          row ? [row.state, row.desiredCount, row.deployments] : null,
          run.sim.notes.length,
          run.sim.messages.version,
          run.sim.occurrences.filter((o) => o.kind !== 'task').length,
        ]);
      };
      let shown = visible();
      for (let i = 0; i < 300; i++) {
        const seen = run.changes();
        let moved = false;
        while (run.step()) if (((moved = true), run.changes() !== seen)) break;
        if (!moved) break;
        const now = visible();
        expect(now, `${file}: a Step at ${run.now()} ms showed nothing new`).not.toBe(shown);
        shown = now;
      }
    }
  });
});
