// The status line's advice when the next change is far away at the chosen speed.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockStatus, idleHint, LONG_WAIT_S, statusLine, waitHint } from '../../src/web/status.view.ts';
import { stillWaiting } from '../../src/sim/waits.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { repoRoot, run } from '../support/scenarios.ts';

describe('waitHint', () => {
  it('should say when the next change comes and how to get there, once it is more than 15 real seconds away', () => {
    // RUNNING at 25 s, StopTask at 10 min: at 1× that is minutes of watching nothing
    expect(waitHint(25_000, 600_000, 1, true)).toBe('next change at t = 10 min 00 s (raise Speed, or Step)');
    // the same wait at 60× is under 10 real seconds: nothing to say
    expect(waitHint(25_000, 600_000, 60, true)).toBe('');
    expect(waitHint(0, LONG_WAIT_S * 1000, 1, true)).toBe('');
    expect(waitHint(0, LONG_WAIT_S * 1000 + 1, 1, true)).toMatch(/^next change at t = 15\.0 s/);
  });

  it('should say nothing when paused, at max speed, or with nothing scheduled', () => {
    expect(waitHint(25_000, 600_000, 1, false)).toBe('');
    expect(waitHint(25_000, 600_000, 'max', true)).toBe('');
    expect(waitHint(25_000, null, 1, true)).toBe('');
  });
});

describe('idleHint and stillWaiting: a task held by its dependsOn, nothing scheduled', () => {
  // envoy's checks fail, migrate never ends: api and log wait for good, as the agent would make them
  const s = loadScenario({
    taskDefinition: {
      family: 'orders', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '512', memory: '1024',
      containerDefinitions: [
        { name: 'envoy', image: 'envoy:1', healthCheck: { command: ['CMD-SHELL', 'true'] } },
        { name: 'migrate', image: 'migrate:1', essential: false },
        { name: 'api', image: 'api:1', dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }, { containerName: 'envoy', condition: 'HEALTHY' }] },
        { name: 'log', image: 'log:1', essential: false, dependsOn: [{ containerName: 'envoy', condition: 'HEALTHY' }] },
        { name: 'xray', image: 'xray:1', essential: false, dependsOn: [{ containerName: 'envoy', condition: 'START' }] },
      ],
    },
    faults: [{ step: 'HealthCheck', container: 'envoy' }],
  });

  it('should name each held container, what it waits for and why, and how a scenario ends a container that runs on', () => {
    const sim = run(s, 300);
    // held for good: nothing more is scheduled (the page says it then, run at its end)
    expect(sim.nextAt()).toBeNull();
    const waiting = stillWaiting(s, sim.view().containers);
    expect(waiting.map((w) => w.line)).toEqual([
      'api waits for migrate (SUCCESS), its dependsOn: migrate still runs, and nothing in the scenario ends it (a RunContainer fault with exitCode 0 and afterSeconds, or a ContainerExit action, would); migrate has no startTimeout, so the agent waits for ever.',
      "log waits for envoy (HEALTHY), its dependsOn: envoy's health checks failed, and the agent waits on; envoy has no startTimeout, so the agent waits for ever.",
    ]);
    expect(idleHint(sim.view(), waiting.map((w) => w.short))).toBe(
      "the task stays PENDING: api waits for migrate (SUCCESS): migrate still runs; log waits for envoy (HEALTHY): envoy's health checks failed (Stop task, or Exit container to end one)",
    );
  });

  it('should offer Fail health checks to a task idle with a healthy container, and not to one without checks', () => {
    const plain = run(loadScenario({ taskDefinition: { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 256 }] } }), 600);
    expect(plain.nextAt()).toBeNull();
    expect(idleHint(plain.view())).toBe('the task stays RUNNING until you act (Stop task, Exit container)');
    const checked = run(loadScenario({ taskDefinition: { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 256, healthCheck: { command: ['CMD-SHELL', 'true'] } }] } }), 600);
    expect(checked.nextAt()).toBeNull();
    expect(idleHint(checked.view())).toBe('the task stays RUNNING until you act (Stop task, Exit container, Fail health checks)');
  });

  it('should say nothing once the containers have started or stopped', () => {
    const done = run({ ...s, faults: [], timeline: [{ at: 100, action: 'ContainerExit', container: 'migrate', exitCode: 0, reason: null } as never] }, 300);
    expect(done.view().lastStatus).toBe('RUNNING');
    expect(stillWaiting(s, done.view().containers)).toEqual([]);
  });
});

describe('statusLine: what DescribeTasks says of the task, in one line', () => {
  const preset = (id: string) => loadScenario(JSON.parse(readFileSync(join(repoRoot, `public/scenarios/${id}.json`), 'utf8')));

  it('should say an UNHEALTHY task is so while it stays RUNNING, and say no health for a task without health checks', () => {
    // the api's checks fail from the start: UNHEALTHY some 100 s after RUNNING, stopped by hand at 900 s
    const sick = preset('unhealthy-task');
    const early = statusLine(run(sick, 20).view());
    expect(early).toEqual({ text: expect.not.stringContaining('healthStatus') as unknown as string, health: '' });
    const later = statusLine(run(sick, 300).view());
    expect(later).toEqual({ text: 'lastStatus: RUNNING · desiredStatus: RUNNING · healthStatus: UNHEALTHY', health: 'UNHEALTHY' });
    // the same task with checks that pass: HEALTHY, said too
    expect(statusLine(run({ ...sick, faults: [] }, 300).view()).text).toBe('lastStatus: RUNNING · desiredStatus: RUNNING · healthStatus: HEALTHY');
    // once STOPPED, the stop code is what matters
    expect(statusLine(run(sick).view()).text).toBe('lastStatus: STOPPED · desiredStatus: STOPPED · stopCode: UserInitiated');
    // no health check at all: DescribeTasks gives UNKNOWN, the line says nothing of it
    expect(statusLine(run(preset('fargate-web'), 300).view()).text).toBe('lastStatus: RUNNING · desiredStatus: RUNNING');
  });

  it("should keep an UNHEALTHY task's health in a phone's dock too, where RUNNING alone looks fine", () => {
    const sick = preset('unhealthy-task');
    expect(dockStatus(run(sick, 300).view())).toBe('lastStatus RUNNING · desiredStatus RUNNING · UNHEALTHY');
    expect(dockStatus(run(sick).view())).toBe('lastStatus STOPPED · desiredStatus STOPPED · UserInitiated');
    expect(dockStatus(null)).toBe('');
  });
});
