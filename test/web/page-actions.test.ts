// What a person does to a run on the page, saved into the scenario's timeline
// (Save JSON, Copy link), must replay as the same run: the CLI and a shared
// link then tell the story the page showed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import type { Simulation } from '../../src/sim/types.ts';
import { serviceEvents } from '../../src/sim/service/service-output.ts';
import { failChecksOff, ServiceRun } from '../../src/web/service/service.run.ts';
import { pageActionLabel, withPageActions, type PageAction } from '../../src/web/page-actions.ts';
import { actionLabel } from '../../src/web/action.label.ts';
import type { Action } from '../../src/sim/scenario/types.ts';
import { realworld } from '../support/scenarios.ts';

const HOUR = 3_600_000;
const scenarioText = (name: string) => readFileSync(new URL(`../../public/scenarios/${name}`, import.meta.url), 'utf8');

/** Step as the page's Step does, to the first moment the task shows `status`. */
function stepTo(sim: Simulation, status: string): void {
  while (sim.view().lastStatus !== status) if (!sim.step()) throw new Error(`never ${status}`);
}

/** Everything but the event ids: each scenario names its own events (ids mix in all of it, timeline included). */
const withoutIds = (events: readonly { id: string }[]) => events.map(({ id: _id, ...rest }) => rest);
const story = (sim: Simulation) => JSON.stringify({ events: withoutIds(sim.events), task: sim.describeTask() });

describe('the page’s actions saved into the timeline', () => {
  it('should replay a Stop task pressed at the very moment the task turned RUNNING after that start, as the page did', () => {
    // a bare task definition, as pasted: the file becomes a scenario around it
    const text = readFileSync(join(realworld, 'task-definitions', 'nginx_fargate.json'), 'utf8');
    const page = createSimulation(parseScenario(text));
    stepTo(page, 'RUNNING');
    expect(page.act({ action: 'StopTask', reason: 'Stopped on the page' })).toBeNull();
    page.runUntil(HOUR);
    expect(page.view().lastStatus).toBe('STOPPED');

    const saved = withPageActions(text, page.performed.map((action) => ({ action }))).text;
    const replay = createSimulation(parseScenario(saved));
    replay.runUntil(HOUR);
    expect(story(replay)).toBe(story(page));
    // the container did run, and was stopped by SIGTERM: not stopped before it started
    expect(replay.events.some((e) => e.detail.lastStatus === 'RUNNING')).toBe(true);
  });

  it('should keep the file’s own timeline and add each action after it, an exit code and a Spot interruption included', () => {
    const text = scenarioText('spot-interruption.json');
    const page = createSimulation(parseScenario(text));
    stepTo(page, 'RUNNING');
    const container = page.scenario.taskDefinition.containerDefinitions.find((c) => !c.essential)?.name ?? page.scenario.taskDefinition.containerDefinitions[0]!.name;
    page.act({ action: 'ContainerExit', container, exitCode: 42 });
    page.step();
    page.act({ action: 'SpotInterruption' });
    page.runUntil(HOUR);

    const performed = page.performed.map((action) => ({ action }));
    const saved = parseScenario(withPageActions(text, performed).text);
    expect(saved.timeline.length).toBe(parseScenario(text).timeline.length + performed.length);
    const replay = createSimulation(saved);
    replay.runUntil(HOUR);
    expect(story(replay)).toBe(story(page));
    expect(performed.map(pageActionLabel)[0]).toMatch(new RegExp(`^Exit container ${container} \\(code 42\\) at \\d`));
  });

  it("should replay Fail health checks pressed on a task, and on a service's task, as the page ran it", () => {
    const text = scenarioText('fargate-web.json');
    const page = createSimulation(parseScenario(text));
    page.runUntil(250_000);
    expect(page.act({ action: 'HealthChecksFail', container: 'web' })).toBeNull();
    page.runUntil(HOUR);
    const saved = withPageActions(text, page.performed.map((action) => ({ action })));
    expect(JSON.parse(saved.text).timeline.at(-1)).toEqual({ at: 250, action: 'HealthChecksFail', container: 'web' });
    const replay = createSimulation(parseScenario(saved.text));
    replay.runUntil(HOUR);
    expect(story(replay)).toBe(story(page));
    expect(saved.added.map(pageActionLabel)).toEqual(['Fail health checks of web at 4 min 10 s']);

    const service = scenarioText('service-rolling.json');
    const run = new ServiceRun(parseScenario(service));
    run.advanceTo(1_000_000);
    const failed = run.failTaskChecks()!;
    expect(failed).toMatchObject({ container: 'web', ignored: null });
    run.advanceTo(2 * HOUR);
    const rerun = new ServiceRun(parseScenario(withPageActions(service, run.performed).text));
    rerun.advanceTo(2 * HOUR);
    expect(JSON.stringify(withoutIds(serviceEvents(rerun.sim)))).toBe(JSON.stringify(withoutIds(serviceEvents(run.sim))));
    expect(run.performed.map(pageActionLabel)).toEqual([`Fail health checks of web (task ${failed.index}) at 16 min 40 s`]);
    // the task whose app stopped was replaced: its scheduler stopped it
    expect(run.sim.tasks[failed.index]!.frames.at(-1)!.context.stopCode).toBe('ServiceSchedulerInitiated');
    // pressed again at once, it fails another task each time, never one already failed; then there is none left
    const again = new ServiceRun(parseScenario(service));
    again.advanceTo(1_000_000);
    const picked = [again.failTaskChecks(), again.failTaskChecks(), again.failTaskChecks()].map((f) => f && [f.index, f.ignored]);
    expect(new Set(picked.map((p) => p![0])).size).toBe(3);
    expect(picked.every((p) => p![1] === null)).toBe(true);
    expect(again.failTaskChecks()).toBeNull();
    // the opened task's own button: that task, or why not
    const opened = new ServiceRun(parseScenario(service));
    opened.advanceTo(1_000_000);
    const running = opened.sim.tasks.find((t) => t.lastStatus === 'RUNNING')!;
    expect(failChecksOff(running)).toBeNull();
    expect(opened.failTaskChecks(running.index)).toMatchObject({ index: running.index, container: 'web', ignored: null, replaced: true });
    expect(failChecksOff(running)).toBe(`The app in container web of task ${running.index} stopped answering already`);
    expect(opened.failTaskChecks(running.index)).toBeNull();
    const stopped = opened.sim.tasks.find((t) => t.lastStatus === 'STOPPED')!;
    expect(failChecksOff(stopped)).toBe(`Task ${stopped.index} is STOPPED`);
  });

  it("should fail a sidecar's checks when it alone has one, and say the task stays healthy rather than promise a replacement", () => {
    const td = {
      family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
      containerDefinitions: [{ name: 'app', image: 'app:1' }, { name: 'agent', image: 'agent:1', essential: false, healthCheck: { command: ['CMD-SHELL', 'true'] } }],
    };
    const run = new ServiceRun(parseScenario(JSON.stringify({ taskDefinition: td, service: { serviceName: 'web', desiredCount: 2 } })));
    run.advanceTo(150_000);
    const failed = run.failTaskChecks()!;
    expect(failed).toMatchObject({ container: 'agent', ignored: null, replaced: false });
    expect(failed.said).toEqual([expect.stringMatching(/^the app in container agent stops answering its own health check \(HealthChecksFail\)/)]);
    run.advanceTo(HOUR);
    expect(run.sim.tasks.map((t) => t.view.desiredStatus)).toEqual(['RUNNING', 'RUNNING']);
  });

  it('should leave the text as it was when nothing was done on the page', () => {
    const text = scenarioText('fargate-web.json');
    expect(withPageActions(text, []).text).toBe(text);
  });

  it('should replay a service scaled, force-deployed, deployed with a broken image and crashed on the page', () => {
    const text = scenarioText('service-rolling.json');
    const page = new ServiceRun(parseScenario(text));
    page.advanceTo(112_000);
    page.setDesiredCount(5);
    page.advanceTo(200_000);
    page.deploy(true);
    page.advanceTo(700_000);
    page.forceNewDeployment();
    page.advanceTo(1_200_000);
    expect(page.crashTask()).not.toBeNull();
    page.advanceTo(2 * HOUR);
    expect(page.performed).toHaveLength(4);

    const replay = new ServiceRun(parseScenario(withPageActions(text, page.performed).text));
    replay.advanceTo(2 * HOUR);
    expect(JSON.stringify(withoutIds(serviceEvents(replay.sim)))).toBe(JSON.stringify(withoutIds(serviceEvents(page.sim))));
    expect(page.performed.map(pageActionLabel)).toEqual([
      'Desired count 5 at 112.0 s',
      expect.stringMatching(/^Deploy new revision web:2 \(broken image\) at 3 min 20 s$/),
      'Force new deployment at 11 min 40 s',
      expect.stringMatching(/^Crash a task \(task \d+\) at 20 min 00 s$/),
    ]);
  });

  it('should replay deployment limits set on the page, which the next deployment then follows', () => {
    const text = scenarioText('service-rolling.json');
    const page = new ServiceRun(parseScenario(text));
    page.advanceTo(100_000);
    // 0/100: old tasks stop before new ones start (none runs above the desired count)
    page.setLimits(0, 100);
    expect(page.sim.view().settings).toMatchObject({ minimumHealthyPercent: 0, maximumPercent: 100 });
    page.advanceTo(2 * HOUR);
    expect(page.performed.map(pageActionLabel)).toEqual(['Deployment limits 0/100 at 100.0 s']);
    const saved = withPageActions(text, page.performed);
    expect(JSON.parse(saved.text).timeline).toContainEqual({ at: 100, action: 'UpdateService', deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 } });
    const replay = new ServiceRun(parseScenario(saved.text));
    replay.advanceTo(2 * HOUR);
    expect(JSON.stringify(withoutIds(serviceEvents(replay.sim)))).toBe(JSON.stringify(withoutIds(serviceEvents(page.sim))));
    // the timeline's deploy at 300 s under 0/100: never more tasks than desired, where 100/200 ran up to twice as many
    const most = (run: ServiceRun) => Math.max(...run.sim.rows.map((r) => r.deployments.reduce((n, d) => n + d.pending + d.running, 0)));
    const untouched = new ServiceRun(parseScenario(text));
    untouched.advanceTo(2 * HOUR);
    expect(most(page)).toBe(3);
    expect(most(untouched)).toBeGreaterThan(3);
  });

  it('should copy a deploy of a revision deployed on the page, or by the timeline, in the file’s own words', () => {
    const text = scenarioText('service-rolling.json');
    const page = new ServiceRun(parseScenario(text));
    page.advanceTo(150_000);
    page.deploy(false);
    page.advanceTo(250_000);
    page.deploy(false); // copies the one just deployed
    page.advanceTo(1_000_000);
    const saved = withPageActions(text, page.performed);
    expect(saved.left).toEqual([]);
    const replay = new ServiceRun(parseScenario(saved.text));
    page.advanceTo(2 * HOUR);
    replay.advanceTo(2 * HOUR);
    expect(JSON.stringify(withoutIds(serviceEvents(replay.sim)))).toBe(JSON.stringify(withoutIds(serviceEvents(page.sim))));
    expect([...replay.sim.revisions.keys()]).toEqual(['web:1', 'web:2', 'web:3', 'web:4']);

    // after the timeline's own deploy at 300 s, the page copies that revision, from the timeline's entry
    page.deploy(true);
    page.advanceTo(3 * HOUR);
    const later = withPageActions(text, page.performed);
    expect(later.left).toEqual([]);
    const again = new ServiceRun(parseScenario(later.text));
    again.advanceTo(3 * HOUR);
    expect(JSON.stringify(withoutIds(serviceEvents(again.sim)))).toBe(JSON.stringify(withoutIds(serviceEvents(page.sim))));
    expect(again.sim.revisions.get('web:5')!.containerDefinitions[0]!.image).toMatch(/^public\.ecr\.aws\/nginx\/nginx:broken-r5$/);
  });

  it('should write nothing, and say why, when the actions would make a scenario that does not load', () => {
    // the timeline's deploy names its revision: the page's deploy before it takes that number
    const given = JSON.parse(scenarioText('service-rolling.json')) as { timeline: { taskDefinition?: { revision?: number } }[] };
    given.timeline.find((a) => a.taskDefinition)!.taskDefinition!.revision = 2;
    const text = JSON.stringify(given, null, 2);
    const page = new ServiceRun(parseScenario(text));
    page.advanceTo(100_000);
    page.deploy(false);
    const saved = withPageActions(text, page.performed);
    expect(saved.text).toBe(text);
    expect(saved.added).toEqual([]);
    expect(saved.left).toHaveLength(1);
    expect(saved.why).toMatch(/^with them the scenario would not load \(timeline\[\d\]\.taskDefinition\.revision .*web:2 is already registered/);
  });
});

describe('what the page calls an action it took', () => {
  it('should say the reason typed for a Stop task (cut short past 40 characters), and nothing where none was', () => {
    const stop = (reason: string | null): PageAction => ({ action: { at: 90, action: 'StopTask', reason } satisfies Action });
    expect(pageActionLabel(stop('deploy v2'))).toBe('Stop task (reason “deploy v2”) at 90.0 s');
    expect(pageActionLabel(stop(null))).toBe('Stop task at 90.0 s');
    expect(pageActionLabel(stop('x'.repeat(50)))).toBe(`Stop task (reason “${'x'.repeat(39)}…”) at 90.0 s`);
    // a control character typed into the box is shown escaped, not obeyed
    expect(actionLabel({ action: 'StopTask', reason: 'a\nb' })).toBe('Stop task (reason “a\\nb”)');
  });
});
