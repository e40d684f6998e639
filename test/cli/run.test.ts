import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { printable } from '../../src/sim/printable.ts';
import { REGISTRY_ARN, realworld, repoRoot, TG_ARN } from '../support/scenarios.ts';

const td = (containers: unknown[] = [{ name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }] }], extra: Record<string, unknown> = {}) => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: containers,
  ...extra,
});
const lb = (containerName = 'web') => ({ targetGroupArn: TG_ARN, containerName, containerPort: 80 });
const scenario = (extra: Record<string, unknown> = {}) => JSON.stringify({ taskDefinition: td(), ...extra });

describe('ecs-lifecycle run', () => {
  it('should print one EventBridge event per line for a real task definition', async () => {
    const r = await cli(['run', join(realworld, 'task-definitions/nginx_fargate.json'), '--until', '120']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]['detail-type']).toBe('ECS Task State Change');
    expect(lines.map((e) => e.detail.version)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.at(-1).detail.lastStatus).toBe('RUNNING');
  });

  it('should run for 3600 s of virtual time when --until is not given', async () => {
    const td = readFileSync(join(realworld, 'task-definitions/nginx_fargate.json'), 'utf8');
    const open = await cli(['run', '-', '--format', 'table'], td);
    expect(open.code).toBe(0);
    expect(open.stdout).toMatch(/still RUNNING at --until 3600 s/);
    // an action at 3000 s still happens; one at 4000 s is past the run's end
    const timed = (at: number) => JSON.stringify({ taskDefinition: JSON.parse(td), timeline: [{ at, action: 'StopTask', reason: 'late' }] });
    expect((await cli(['run', '-', '--format', 'table'], timed(3000))).stdout).toMatch(/STOPPED at \d+\.\d+ s: UserInitiated: late/);
    expect((await cli(['run', '-', '--format', 'table'], timed(4000))).stdout).toMatch(/still RUNNING at --until 3600 s/);
  });

  it('should apply an action at the very --until, and keep every stamp to the millisecond, whatever decimals `at` has', async () => {
    const ec2 = { family: 't', networkMode: 'bridge', requiresCompatibilities: ['EC2'], memory: '512', containerDefinitions: [{ name: 'app', image: 'nginx:1.27' }] };
    const at = (t: number, until: string) =>
      cli(['run', '-', '--until', until, '--format', 'json', '--strict'], JSON.stringify({ taskDefinition: ec2, launchType: 'EC2', timeline: [{ at: t, action: 'StopTask' }] }));
    // 1.005 × 1000 is 1004.9999… in floating point: the action is at 1005 ms, and so is the run's end
    const edge = await at(1.005, '1.005');
    expect(edge.code).toBe(0);
    expect(edge.stderr).toBe('');
    expect(JSON.parse(edge.stdout).task.stopCode).toBe('UserInitiated');
    // past --until by a hair: noted, and --strict says so
    const late = await at(1.006, '1.005');
    expect(late.code).toBe(3);
    expect(late.stderr).toContain('StopTask at 1.006 s not applied');
    // half a millisecond rounds to one: events and DescribeTasks print the same millisecond
    const { events, task } = JSON.parse((await at(100.0005, '3600')).stdout);
    const detail = events.at(-1).detail;
    for (const key of ['stoppingAt', 'executionStoppedAt', 'stoppedAt']) {
      expect(String(task[key])).toMatch(/^\d+(\.\d{1,3})?$/);
      expect(Date.parse(detail[key])).toBe(Math.round(task[key] * 1000));
    }
    expect(Date.parse(detail.stoppingAt) - Date.parse(detail.createdAt)).toBe(100_001);
  });

  it('should read --until as a number the way people write one (1e3), and refuse it for paths', async () => {
    const ok = await cli(['run', '-', '--until', '1e3', '--format', 'table'], scenario());
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/still RUNNING at --until 1000 s/);
    const paths = await cli(['paths', '-', '--until', '5'], scenario());
    expect(paths.code).toBe(2);
    expect(paths.stderr.trim()).toBe('ecs-lifecycle: paths: --until is for run (paths explores every lifecycle, not one run in time)');
  });

  it('should say, when paths lists a service whose timeline deploys another revision, that the listing is of the first one and how to list the other', async () => {
    const listed = await cli(['paths', 'public/scenarios/service-circuit-breaker.json', '--format', 'json']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe(
      "ecs-lifecycle: note: public/scenarios/service-circuit-breaker.json: the lifecycles listed are those of a task of web:1, the scenario's taskDefinition; web:2, which the timeline deploys, is not explored: for its lifecycles, give that revision as the taskDefinition of a scenario of its own\n",
    );
    expect(JSON.parse(listed.stdout).paths.length).toBeGreaterThan(0);
    // a scenario that deploys nothing else says nothing
    expect((await cli(['paths', 'public/scenarios/fargate-web.json', '--format', 'json'])).stderr).toBe('');
  });

  it('should say, when paths lists a scenario whose point is a fault it does not explore (a held ENI, a slow start, an app that goes bad), that its lifecycles do not show it', async () => {
    const held = await cli(['paths', 'public/scenarios/stuck-deprovisioning.json', '--format', 'json']);
    expect(held.code).toBe(0);
    expect(held.stderr).toBe(
      'ecs-lifecycle: note: public/scenarios/stuck-deprovisioning.json: faults[0] (ReleaseEni) is not explored: a task held in DEPROVISIONING has no end to list, so its lifecycles end as they would without it (run shows the hold)\n',
    );
    const slow = JSON.stringify({ ...JSON.parse(readFileSync('public/scenarios/fargate-web.json', 'utf8')), faults: [{ step: 'HealthCheck', passAfterSeconds: 90 }] });
    expect((await cli(['paths', '-', '--format', 'json'], slow)).stderr).toMatch(/^ecs-lifecycle: note: standard input: faults\[0\] \(HealthCheck with passAfterSeconds\) changes no lifecycle: /);
    const bad = slow.replace('"passAfterSeconds":90', '"failAfterSeconds":600');
    expect((await cli(['paths', '-', '--format', 'json'], bad)).stderr).toMatch(/^ecs-lifecycle: note: standard input: faults\[0\] \(HealthCheck with failAfterSeconds\) changes no lifecycle: .* run shows when it turns unhealthy\n$/);
    const clicked = JSON.stringify({ ...JSON.parse(readFileSync('public/scenarios/fargate-web.json', 'utf8')), timeline: [{ at: 400, action: 'HealthChecksFail', container: 'web' }] });
    expect((await cli(['paths', '-', '--format', 'json'], clicked)).stderr).toMatch(/^ecs-lifecycle: note: standard input: timeline\[0\] \(HealthChecksFail\) changes no lifecycle: .* run shows when it turns unhealthy\n$/);
  });

  it('should end the default summary of paths saying what --distinct outcomes adds (a SIGKILL of the ignores-SIGTERM preset is listed only there)', async () => {
    const states = await cli(['paths', 'public/scenarios/ignores-sigterm.json']);
    expect(states.stdout).not.toContain('exitCode 137');
    expect(states.stdout.trimEnd().split('\n').at(-1)).toBe("One lifecycle per sequence of states and stop code. --distinct outcomes also lists each ending the final events tell apart: a stoppedReason, each container's exit code (a SIGKILL's 137) and reason.");
    const outcomes = await cli(['paths', 'public/scenarios/ignores-sigterm.json', '--distinct', 'outcomes']);
    expect(outcomes.stdout).toMatch(/ends .*legacy exit 137/);
    expect(outcomes.stdout).not.toContain('--distinct outcomes also lists');
  });

  it("should give paths' UserInitiated lifecycles the reason of the timeline's StopTask, as the caller words it, else ECS's default", async () => {
    const reasons = async (timeline: unknown[]) => {
      const listed = await cli(['paths', '-', '--format', 'json'], JSON.stringify({ ...JSON.parse(scenario()), timeline }));
      const paths = JSON.parse(listed.stdout).paths as { stopCode: string; stoppedReason: string; stoppedReasonOurs: string | null }[];
      return [...new Set(paths.filter((p) => p.stopCode === 'UserInitiated').map((p) => `${p.stoppedReason} | ${p.stoppedReasonOurs}`))];
    };
    expect(await reasons([{ at: 50, action: 'StopTask' }, { at: 60, action: 'StopTask', reason: 'deploy 42 (ci)' }])).toEqual(['deploy 42 (ci) | null']);
    expect(await reasons([])).toEqual(['Task stopped by user | null']);
  });

  it("should give paths' lifecycles in which a container exits by itself the code its RunContainer fault gives (a segfault's 139), not 1", async () => {
    const listed = await cli(['paths', 'public/scenarios/sidecar-crash.json', '--format', 'json', '--distinct', 'outcomes']);
    const codes = new Set((JSON.parse(listed.stdout).paths as { containers: { name: string; exitCode: number | null }[] }[]).flatMap((p) => p.containers.filter((c) => c.name === 'envoy').map((c) => c.exitCode)));
    expect(codes.has(139)).toBe(true);
    expect(codes.has(1)).toBe(false);
  });

  it.each([
    [['run', '-', '--until', '-1'], '--until: must be a finite number of seconds ≥ 0, got "-1"'],
    [['run', '-', '-f', '-1'], '--format: unknown format "-1" (expected events, table, json)'],
    [['run', '-', '--bogus'], 'unknown option --bogus (ecs-lifecycle --help lists them)'],
    // a near miss, or the wrong case: the option most likely meant
    [['run', '-', '--untill', '5'], 'unknown option --untill: did you mean --until? (ecs-lifecycle --help lists them)'],
    [['run', '-', '--Format=json'], 'unknown option --Format: did you mean --format? (ecs-lifecycle --help lists them)'],
    [['paths', '-', '-f', 'table'], '--format: unknown format "table" (expected summary, json, events): paths calls its table for people "summary"'],
    [['run', '-', '-f', 'summary'], '--format: unknown format "summary" (expected events, table, json): run calls its timeline for people "table" (summary is paths\' word)'],
    [['run', '-', '--until', 'Infinity'], '--until: must be a finite number of seconds ≥ 0, got "Infinity"'],
    [['paths', '-', '--max-lifecycles', '0'], '--max-lifecycles: must be an integer from 1 to 10,000, got "0"'],
    [['paths', '-', '--max-lifecycles', '20000'], '--max-lifecycles: must be an integer from 1 to 10,000, got "20000"'],
    [['run', '-', '--max-lifecycles', '5'], 'run: --max-lifecycles is for paths (run simulates one lifecycle)'],
    [['run', '-', '--format'], '--format: missing value'],
    // -f=… as other tools take it: the value is what follows the '=' (a good one runs, see below)
    [['run', '-', '-f=xml'], '--format: unknown format "xml" (expected events, table, json)'],
    [['run', '-', '--until'], '--until: missing value'],
    // the last of two would win unseen: which was meant?
    [['run', '-', '--format', 'table', '-f', 'json'], '--format: given more than once (give it once)'],
    [['run', '-', '--until', '10', '--until=20'], '--until: given more than once (give it once)'],
    [[], 'missing command: run or paths (ecs-lifecycle --help shows how)'],
    // a file whose name starts with "-" reads as options: say how to name it
    [['run', '-weird.json'], '"-weird.json" reads as options: for a file whose name starts with "-", write ./-weird.json (or put it last, after -- and every option)'],
    // even where its first letter is an option that takes a value (-f) or none (-h)
    [['run', '-fargate.json'], '"-fargate.json" reads as options: for a file whose name starts with "-", write ./-fargate.json (or put it last, after -- and every option)'],
    [['paths', '-h.json'], '"-h.json" reads as options: for a file whose name starts with "-", write ./-h.json (or put it last, after -- and every option)'],
    // and an option given after -- is a name there: say where options go
    [['run', '--', '-weird.json', '--until', '1'], 'unexpected argument "--until" (after --, every argument is a file name: give the options before --)'],
    [['help', 'run', 'extra'], 'help: unexpected argument "extra" (help takes one command at most)'],
    [['-v', 'extra'], '--version: takes no command or file, got "extra"'],
  ])('should refuse the options %j in one line', async (args, message) => {
    const r = await cli(args, scenario());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ecs-lifecycle: ${message}\n`);
  });

  it('should exit 4, not 2, where a valid file passes a limit of paths, and say the limit that lists them all', async () => {
    const more = (n: number) => `ecs-lifecycle: paths: standard input: more than ${n} lifecycle${n === 1 ? '' : 's'} (9) for 1 container. To list them all, give --max-lifecycles 9.\n`;
    expect(await cli(['paths', '-', '--max-lifecycles', '3'], scenario())).toMatchObject({ code: 4, stdout: '', stderr: more(3) });
    expect(await cli(['paths', '-', '--max-lifecycles', '1'], scenario())).toMatchObject({ code: 4, stdout: '', stderr: more(1) });
    expect((await cli(['paths', '-', '--max-lifecycles', '9'], scenario())).code).toBe(0);
  });

  it('should take -f=table as --format table', async () => {
    const r = await cli(['run', '-', '-f=table', '--until', '10'], scenario());
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^TIME \(s\)\s+LAST\s+DESIRED/);
  });

  it('should say why a task is left waiting on a dependsOn: on stderr for events and json, under the table', async () => {
    const held = JSON.stringify({
      taskDefinition: { family: 'api', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [
        { name: 'migrate', image: 'migrate:1', essential: false },
        { name: 'api', image: 'api:1', dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
      ] },
    });
    const said = 'api waits for migrate (SUCCESS), its dependsOn: migrate still runs, and nothing in the scenario ends it (a RunContainer fault with exitCode 0 and afterSeconds, or a ContainerExit action, would); migrate has no startTimeout, so the agent waits for ever.';
    const events = await cli(['run', '-', '--until', '300'], held);
    expect(events.stderr).toBe(`ecs-lifecycle: note: standard input: ${said}\n`);
    const table = await cli(['run', '-', '--until', '300', '--format', 'table'], held);
    expect(table.stdout).toContain(`still PENDING at --until 300 s. 3 ECS Task State Change events.\n${said}\n`);
    expect(table.stderr).toBe('');
    // not while something is still to come: migrate's startTimeout will settle it
    const timed = await cli(['run', '-', '--until', '300'], held.replace('"essential":false', '"essential":false,"startTimeout":600'));
    expect(timed.stderr).toBe('');
  });

  it('should say on stderr, in every format, which timeline actions did nothing and why', async () => {
    const timeline = [
      { at: 60, action: 'StopTask' },
      { at: 61, action: 'StopTask', reason: 'again' },
      { at: 900, action: 'ContainerExit', container: 'web', exitCode: 3 },
    ];
    for (const format of ['events', 'json', 'table']) {
      const r = await cli(['run', '-', '--format', format], scenario({ timeline }));
      expect(r.code).toBe(0);
      const notes = r.stderr.trim().split('\n');
      expect(notes[0]).toBe('ecs-lifecycle: note: standard input: at 61 s StopTask changes nothing: the task is already stopping (UserInitiated); the first stop request stands');
      expect(notes[1]).toMatch(/^ecs-lifecycle: note: standard input: ContainerExit at 900 s not applied: the task was already STOPPED at \d+(\.\d+)? s$/);
      expect(notes).toHaveLength(2);
    }
    const cut = await cli(['run', '-', '--until', '30'], scenario({ timeline: timeline.slice(0, 1) }));
    expect(cut.stderr).toBe('ecs-lifecycle: note: standard input: StopTask at 60 s not applied: the run ends at --until 30 s\n');
    // a file is named as warnings and errors name it: a CI loop over files reads each line alone
    const dir = mkdtempSync(join(tmpdir(), 'ecs-notes-'));
    try {
      writeFileSync(join(dir, 'late.json'), scenario({ timeline: timeline.slice(0, 1) }));
      expect((await cli(['run', join(dir, 'late.json'), '--until', '30'])).stderr).toBe(`ecs-lifecycle: note: ${join(dir, 'late.json')}: StopTask at 60 s not applied: the run ends at --until 30 s\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should run despite a misspelt key, warning on stderr and keeping stdout clean', async () => {
    const r = await cli(['run', '-', '--until', '60'], scenario({ timline: [{ at: 30, action: 'StopTask' }] }));
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe('ecs-lifecycle: warning: standard input: timline is not a field we know, so it is ignored: did you mean timeline?');
    expect(() => r.stdout.trim().split('\n').map((l) => JSON.parse(l))).not.toThrow();
  });

  it('should read the scenario from standard input and print a table for people', async () => {
    const r = await cli(['run', '-', '--format', 'table'], scenario({ loadBalancers: [lb()], serviceRegistries: [{ registryArn: REGISTRY_ARN }], timeline: [{ at: 600, action: 'StopTask' }] }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^TIME \(s\)\s+LAST\s+DESIRED\s+ENI\s+TARGETS\s+REGISTRY\s+CONTAINERS\s+WHAT HAPPENED/);
    expect(r.stdout).toContain('task: RUNNING → DEACTIVATING');
    expect(r.stdout).toMatch(/STOPPED at [\d.]+ s: UserInitiated: Task stopped by user\./);
    // the code in words, for someone who does not know the codes yet
    expect(r.stdout).toContain('\nstopCode UserInitiated: someone called StopTask');
    expect(r.stdout).not.toContain('The stoppedReason:');
    // a reason of our wording says so: nobody should match an alarm rule on it
    const ours = await cli(['run', 'public/scenarios/dependency-timeout.json', '--format', 'table']);
    expect(ours.stdout).toContain('\nstopCode TaskFailedToStart: the task never reached RUNNING');
    expect(ours.stdout).toContain('\nThe stoppedReason: The ECS agent’s words for a dependency that can never hold, as we read them in its code');
    // said once the task has stopped, not while it drains
    const draining = await cli(['run', 'public/scenarios/fargate-web.json', '--format', 'table', '--until', '700']);
    expect(draining.stdout).toContain('still DEACTIVATING at --until 700 s');
    expect(draining.stdout).not.toContain('stopCode UserInitiated:');
    // each side resource's column follows its own changes: draining at the stop, everything released at the end
    expect(r.stdout).toMatch(/^\s+600\.000\s+DEACTIVATING\s+STOPPED\s+ATTACHED\s+draining\s+REGISTERED\s+web:RUNNING\s+target-0: healthy → draining/m);
    // for how long: what a deploy waiting in DEACTIVATING asks
    expect(r.stdout).toContain('target-0: healthy → draining (deregistered; draining in-flight requests for the 300 s deregistration delay)');
    // a Spot notice ends the drain with the capacity, two minutes on
    const spot = await cli(['run', 'public/scenarios/spot-interruption.json', '--format', 'table']);
    expect(spot.stdout).toContain('target-0: healthy → draining (deregistered; draining in-flight requests until Fargate Spot reclaims the capacity (120 s after its notice), short of the 300 s deregistration delay)');
    const none = await cli(['run', '-', '--format', 'table'], scenario({ loadBalancers: [lb()], settings: { deregistrationDelaySeconds: 0 }, timeline: [{ at: 600, action: 'StopTask' }] }));
    expect(none.stdout).toContain('target-0: healthy → draining (deregistered; the deregistration delay is 0 s, so nothing drains)');
    expect(r.stdout).toMatch(/^\s+[\d.]+\s+STOPPED\s+STOPPED\s+DELETED\s+unused\s+DEREGISTERED\s+web:STOPPED\s+task: DEPROVISIONING → STOPPED/m);
  });

  it("should print a service's counts per deployment over time as a table", async () => {
    const r = await cli(['run', 'public/scenarios/service-rolling.json', '--format', 'table']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n');
    expect(rows[0]).toMatch(/^TIME \(s\)\s+SCHEDULER\s+COUNTS PER DEPLOYMENT/);
    // three tasks launched, none running yet; then all three running and healthy
    expect(rows[1]).toMatch(/^\s+0\.000 RECONCILING\s+desired\s+3 .* web:1 PRIMARY IN_PROGRESS: 3 pending, 0 running \(0 healthy\), 0 stopping {2}← SERVICE_DEPLOYMENT_IN_PROGRESS/);
    expect(r.stdout).toMatch(/STEADY\s+desired\s+3 .* web:1 PRIMARY COMPLETED: 0 pending, 3 running \(3 healthy\), 0 stopping {2}← SERVICE_DEPLOYMENT_COMPLETED/);
    // no circuit breaker: no count of failures
    expect(r.stdout).not.toContain('failed');
  });

  it('should say in the table when limits hold a deployment still (75/125 of 2 tasks rounds to 2 and 2), once, and go on once they change', async () => {
    const td = (image: string) => ({ family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image }] });
    const stuck = {
      taskDefinition: td('nginx:1'),
      service: { serviceName: 'web', desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 75, maximumPercent: 125 } },
      timeline: [
        { at: 300, action: 'UpdateService', taskDefinition: td('nginx:2') },
        { at: 900, action: 'UpdateService', deploymentConfiguration: { minimumHealthyPercent: 50 } },
      ],
    };
    const r = await cli(['run', '-', '--format', 'table'], JSON.stringify(stuck));
    expect(r.code).toBe(0);
    const said = r.stdout.split('\n').filter((row) => row.includes('scheduler: deployment stuck'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^\s+301\.000 scheduler: deployment stuck: of 2 tasks, minimumHealthyPercent 75 keeps 2 healthy and maximumPercent 125 allows 2 in all, so no old task can stop and no new one start/);
    // 50 % lets one old task go: web:2 completes
    expect(r.stdout).toMatch(/STEADY\s+desired\s+2 .* web:2 PRIMARY COMPLETED: 0 pending, 2 running \(2 healthy\)/);
    // other limits that still hold it: said again, with their numbers
    const still = { ...stuck, timeline: [stuck.timeline[0], { at: 600, action: 'UpdateService', deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } }, stuck.timeline[1]] };
    const again = (await cli(['run', '-', '--format', 'table'], JSON.stringify(still))).stdout.split('\n').filter((row) => row.includes('scheduler: deployment stuck'));
    expect(again.map((row) => /minimumHealthyPercent (\d+) keeps \d+ healthy and maximumPercent (\d+)/.exec(row)!.slice(1).join('/'))).toEqual(['75/125', '100/100']);
  });

  it("should count a deployment's failed tasks against the circuit breaker's threshold, up to the one that fails it", async () => {
    const r = await cli(['run', 'public/scenarios/service-circuit-breaker.json', '--format', 'table']);
    expect(r.code).toBe(0);
    const web2 = r.stdout.split('\n').flatMap((row) => /web:2 PRIMARY IN_PROGRESS: [^|]*, (\d+)\/10 failed/.exec(row)?.[1] ?? []).map(Number);
    // one more at a time (the threshold of desiredCount 2 is 10), never back (no task of web:2 turns healthy)
    expect(web2.at(0)).toBe(0);
    expect(web2.at(-1)).toBe(9);
    expect(web2.every((n, i) => i === 0 || n >= web2[i - 1]!)).toBe(true);
    expect(r.stdout).toMatch(/web:2 ACTIVE FAILED: [^|]*, 10\/10 failed/);
    // a deployment that completed has nothing left to count
    expect(r.stdout).not.toMatch(/COMPLETED: [^|]*failed/);
  });

  it('should print the events and the final DescribeTasks Task as json', async () => {
    const r = await cli(['run', '-', '--format', 'json'], scenario({ timeline: [{ at: 60, action: 'StopTask', reason: 'bye' }] }));
    const out = JSON.parse(r.stdout);
    expect(out.task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'bye', version: out.events.length });
    expect(typeof out.task.stoppedAt).toBe('number');
  });

  describe.concurrent('bad input', () => {
    const cases: [string, string, RegExp][] = [
      ['malformed JSON', '{"taskDefinition": ', /malformed JSON/i],
      ['an unknown action', scenario({ timeline: [{ at: 5, action: 'Reboot' }] }), /timeline\[0\]\.action.*Reboot/],
      ['an unknown fault', scenario({ faults: [{ step: 'Explode' }] }), /faults\[0\]\.step.*Explode/],
      ['a wrong type', scenario({ seed: 'x' }), /seed/],
      ['six target groups', scenario({ loadBalancers: [1, 2, 3, 4, 5, 6].map(() => lb()) }), /loadBalancers.*5/],
      ['a load balancer naming a missing container', scenario({ loadBalancers: [lb('api')] }), /loadBalancers\[0\]\.containerName.*api/],
      ['a negative time', scenario({ timeline: [{ at: -5, action: 'StopTask' }] }), /timeline\[0\]\.at/],
      ['Fargate without awsvpc', JSON.stringify({ taskDefinition: td(undefined, { networkMode: 'bridge' }) }), /awsvpc/],
      ['no containers', JSON.stringify({ taskDefinition: td([]) }), /containerDefinitions/],
      ['a negative desiredCount', scenario({ service: { serviceName: 'web', desiredCount: -1 } }), /service\.desiredCount: must be an integer from 0 to 10000, got -1/],
      ['an action later than a run can go', scenario({ timeline: [{ at: 1e12, action: 'StopTask' }] }), /timeline\[0\]\.at: must be at most 1,000,000,000 seconds/],
      ['JSON nested deeper than any scenario', `{"x":${'['.repeat(5000)}}`, /malformed JSON: line 1, column \d+: nested more than 1000 levels deep/],
      // valid JSON too: JSON.parse takes it, what walks it afterwards would not
      ['valid JSON nested deeper than any scenario', scenario({ tags: [JSON.parse(`${'['.repeat(1500)}${']'.repeat(1500)}`)] }), /^ecs-lifecycle: standard input: line 1, column \d+: nested more than 1000 levels deep/],
      ['a time too large for JSON (Infinity)', scenario({ timeline: [{ at: 1, action: 'StopTask' }] }).replace('"at":1', '"at":1e400'), /timeline\[0\]\.at: must be at most 1,000,000,000 seconds \(about 31 years\), got a number too large to hold \(1e309 or beyond\)/],
      ['a start time past the year 9000', scenario({ startTime: '9999-12-31T23:59:59Z' }), /startTime: must be before the year 9000/],
      [
        "a service's load balancer naming a missing container, with revisions deployed later",
        scenario({ service: { serviceName: 'web', desiredCount: 1, loadBalancers: [lb('api')] }, timeline: [{ at: 10, action: 'UpdateService', taskDefinition: td() }] }),
        /^ecs-lifecycle: standard input: service\.loadBalancers\[0\]\.containerName: no container named "api" in the task definition/,
      ],
      ['a region that is not a region code', scenario({ settings: { region: 'us east 1' } }), /settings\.region: must be an AWS region code such as "us-east-1", got "us east 1"/],
      ['a task definition only Managed Instances can run', JSON.stringify({ taskDefinition: td(undefined, { requiresCompatibilities: ['MANAGED_INSTANCES'] }) }), /^ecs-lifecycle: standard input: taskDefinition\.requiresCompatibilities: names no launch type the simulator runs \(FARGATE, EC2 or EXTERNAL\), got MANAGED_INSTANCES: Amazon ECS Managed Instances are not simulated/],
      ['an image name longer than AWS takes', JSON.stringify({ taskDefinition: td([{ name: 'web', image: 'x'.repeat(256) }]) }), /containerDefinitions\[0\]\.image: must be at most 255 characters \(AWS's limit\), got 256/],
      ['a Classic Load Balancer', scenario({ loadBalancers: [{ loadBalancerName: 'clb', containerName: 'web', containerPort: 80 }] }), /^ecs-lifecycle: standard input: loadBalancers\[0\]\.loadBalancerName: Classic Load Balancers are not simulated/],
      ['a compatibility AWS does not know', JSON.stringify({ taskDefinition: td(undefined, { requiresCompatibilities: ['FARGATE', 'FOO'] }) }), /^ecs-lifecycle: standard input: taskDefinition\.requiresCompatibilities\[1\]: unknown compatibility "FOO"/],
      ['more dynamic host ports than an instance has', JSON.stringify({ taskDefinition: td([{ name: 'web', image: 'nginx', memory: 64, portMappings: Array.from({ length: 28_233 }, (_, k) => ({ containerPort: k + 1 })) }], { networkMode: 'bridge', requiresCompatibilities: ['EC2'] }) }), /portMappings\[28232\]\.hostPort: the task would bind more than 28,232 dynamic host ports/],
      ['an impossible date before 1970', scenario({ startTime: '1969-02-30' }), /^ecs-lifecycle: standard input: startTime: is not a real date: 1969-02 has no day 30, got "1969-02-30"/],
      ['a start time before 1970', scenario({ startTime: '0000-01-01T00:00:00+01:00' }), /^ecs-lifecycle: standard input: startTime: must be 1970-01-01T00:00:00Z or later/],
      ['a DAEMON service', scenario({ service: { serviceName: 'web', schedulingStrategy: 'DAEMON' } }), /^ecs-lifecycle: standard input: service\.schedulingStrategy: only a REPLICA service is simulated, got "DAEMON"/],
      ['minimumHealthyPercent above maximumPercent', scenario({ service: { serviceName: 'web', deploymentConfiguration: { minimumHealthyPercent: 250, maximumPercent: 200 } } }), /minimumHealthyPercent: must not be above maximumPercent/],
    ];
    for (const [what, input, message] of cases) {
      it(`should exit 2 naming the field for ${what}`, async () => {
        const r = await cli(['run', '-'], input);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      });
    }

    it('should name every wrong field at once, the task definition’s and the scenario’s, a line each in the file’s order, and cut a long list short', async () => {
      const text = [
        '{',
        '  "seed": "one",',
        '  "taskDefinition": {',
        '    "family": "web",',
        '    "containerDefinitions": [',
        '      { "name": "web", "image": "nginx", "memory": 512, "stopTimeout": -5 },',
        '      { "name": "side", "essential": "yes", "memory": 128 }',
        '    ]',
        '  },',
        '  "timeline": [{ "at": -3, "action": "StopTask" }, { "at": 10, "action": "Explode" }]',
        '}',
      ].join('\n');
      const r = await cli(['run', '-'], text);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        'ecs-lifecycle: standard input: seed (line 2): must be an integer from 0 to 4294967295, got "one"',
        'ecs-lifecycle: standard input: taskDefinition.containerDefinitions[0].stopTimeout (line 6): must be an integer from 0 to 3600 seconds (2 to 120 on Fargate), got -5',
        'ecs-lifecycle: standard input: taskDefinition.containerDefinitions[1].image (line 7): required: a non-empty string',
        'ecs-lifecycle: standard input: taskDefinition.containerDefinitions[1].essential (line 7): must be true or false, got "yes"',
        'ecs-lifecycle: standard input: timeline[0].at (line 10): must be a number of seconds ≥ 0, got -3',
        'ecs-lifecycle: standard input: timeline[1].action (line 10): unknown action "Explode" (expected StopTask, ContainerExit, SpotInterruption, HealthChecksFail or UpdateService)',
      ]);
      // ten containers each without an image and with a wrong essential: the first twelve, then how many more
      const many = await cli(['run', '-'], JSON.stringify({ family: 'web', containerDefinitions: Array.from({ length: 10 }, (_, k) => ({ name: `c${k}`, memory: 64, essential: 'yes' })) }));
      const lines = many.stderr.trimEnd().split('\n');
      expect(many.code).toBe(2);
      expect(lines).toHaveLength(13);
      expect(lines[11]).toBe('ecs-lifecycle: standard input: containerDefinitions[5].essential: must be true or false, got "yes"');
      expect(lines[12]).toBe('ecs-lifecycle: standard input: … and 8 more problems');
    });

    // (three tests: each starts several processes, which under a loaded full run took longer than one test's limit)
    it('should read UTF-16 (what Windows PowerShell writes), in either byte order, with or without a byte-order mark, and exit 2 naming UTF-32', async () => {
      const swapped = (b: Buffer) => Buffer.from(b).swap16();
      const asUtf8 = await cli(['run', '-'], scenario());
      expect(asUtf8.code).toBe(0);
      for (const bytes of [Buffer.from(`\uFEFF${scenario()}`, 'utf16le'), swapped(Buffer.from(`\uFEFF${scenario()}`, 'utf16le')), Buffer.from(scenario(), 'utf16le'), swapped(Buffer.from(scenario(), 'utf16le'))])
        expect(await cli(['run', '-'], bytes)).toEqual(asUtf8);
      // one byte short: not a whole UTF-16 text
      expect(await cli(['run', '-'], Buffer.from(scenario(), 'utf16le').subarray(1))).toMatchObject({
        code: 2,
        stderr: 'ecs-lifecycle: standard input: is UTF-16 text with an odd number of bytes (cut short?); save it as UTF-8\n',
      });
      // UTF-32: named, not a NUL at column 2
      const utf32 = (t: string, le: boolean) =>
        Buffer.concat([...t].map((ch) => {
          const b = Buffer.alloc(4);
          if (le) b.writeUInt32LE(ch.codePointAt(0)!);
          else b.writeUInt32BE(ch.codePointAt(0)!);
          return b;
        }));
      const wide = [] as [Buffer, string][];
      for (const le of [true, false]) wide.push([utf32(`\uFEFF${scenario()}`, le), 'UTF-32'], [utf32(scenario(), le), 'UTF-32']);
      for (const [bytes, name] of wide)
        expect(await cli(['run', '-'], bytes)).toMatchObject({ code: 2, stderr: `ecs-lifecycle: standard input: is ${name} text; save it as UTF-8\n` });
      // ten processes, one after the other: under a loaded full run on 2 cores, more than the 30 s default
    }, 90_000);

    it('should exit 2 naming input that is not UTF-8 text, or too large to be a scenario', async () => {
      const latin1 = await cli(['run', '-'], Buffer.from(scenario({ seed: 1 }).replace('nginx', 'ngïnx'), 'latin1'));
      expect(latin1.code).toBe(2);
      // where, as an editor counts: the line, and the column of the byte that is not UTF-8 (the ï of ngïnx, written in Latin-1)
      const at = scenario({ seed: 1 }).split('\n').findIndex((l) => l.includes('nginx'));
      const column = scenario({ seed: 1 }).split('\n')[at]!.indexOf('nginx') + 3;
      expect(latin1.stderr).toMatch(new RegExp(`^ecs-lifecycle: standard input: is not UTF-8 text \\(byte \\d+, line ${at + 1}, column ${column}, starts no valid UTF-8 character\\)`));
      // a byte-order mark, which editors hide, is no column
      const marked = await cli(['run', '-'], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(scenario({ seed: 1 }).replace('nginx', 'ngïnx'), 'latin1')]));
      expect(marked.stderr).toMatch(new RegExp(`, line ${at + 1}, column ${column}, starts no valid`));
      const huge = await cli(['run', '-'], Buffer.alloc(65 * 1024 * 1024, 32));
      expect(huge).toMatchObject({ code: 2, stderr: 'ecs-lifecycle: standard input: larger than 64 MB, too large to be a scenario\n' });
      const until = await cli(['run', '-', '--until', '1e13'], scenario());
      expect(until).toMatchObject({ code: 2, stderr: 'ecs-lifecycle: --until: must be at most 1,000,000,000 seconds (about 31 years), got 1e13\n' });
    });

    it('should say that standard input is a directory rather than empty', async () => {
      const dir = openSync(repoRoot, 'r'); // what `run - < somedir` gives the program
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(repoRoot, 'bin/ecs-lifecycle.js'), 'run', '-'], { stdio: [dir, 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      closeSync(dir);
      expect(r).toEqual({ code: 2, stderr: 'ecs-lifecycle: standard input: is a directory\n' });
    });

    it('should name the file in what it says of its contents, errors and warnings, as a compiler does (a CI loop over many files)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ecs-lifecycle-'));
      const bad = join(dir, 'bad-seed.json');
      writeFileSync(bad, scenario({ seed: -1 }));
      expect(await cli(['run', bad])).toMatchObject({ code: 2, stderr: `ecs-lifecycle: ${bad}: seed: must be an integer from 0 to 4294967295, got -1\n` });
      const typo = join(dir, 'typo.json');
      writeFileSync(typo, scenario({ settings: { drainSeconds: 5 } }));
      expect((await cli(['run', typo, '--until', '1'])).stderr).toMatch(new RegExp(`^ecs-lifecycle: warning: ${typo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: settings\\.drainSeconds is not a setting we know`));
      // and standard input by that name
      expect(await cli(['run', '-'], '')).toMatchObject({ code: 2, stderr: 'ecs-lifecycle: standard input: malformed JSON: the input is empty\n' });
      rmSync(dir, { recursive: true });
    });

    it('should exit 2 for a missing file and an unknown format', async () => {
      const missing = await cli(['run', 'no-such-file.json']);
      expect(missing).toMatchObject({ code: 2, stderr: 'ecs-lifecycle: no-such-file.json: no such file\n' });
      const format = await cli(['run', '-', '--format', 'xml'], scenario());
      expect(format.code).toBe(2);
      expect(format.stderr).toMatch(/--format: unknown format "xml"/);
    });
  });

  it('should print every event type of a service in time order', async () => {
    const svc = scenario({ service: { serviceName: 'web', desiredCount: 2 }, timeline: [{ at: 300, action: 'UpdateService', desiredCount: 1 }] });
    const r = await cli(['run', '-'], svc);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const types = new Set(events.map((e) => e['detail-type']));
    expect(types).toEqual(new Set(['ECS Task State Change', 'ECS Service Action', 'ECS Deployment State Change']));
    const times = events.map((e) => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('should say at the end of a table why a 100/100 deployment never moves, and not when it completes', async () => {
    const svc = (min: number, max: number) =>
      scenario({ service: { serviceName: 'web', desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: min, maximumPercent: max } }, timeline: [{ at: 300, action: 'UpdateService', taskDefinition: td([{ name: 'web', image: 'nginx:2', portMappings: [{ containerPort: 80 }] }]) }] });
    const stuck = await cli(['run', '-', '-f', 'table'], svc(100, 100));
    expect(stuck.code).toBe(0);
    expect(stuck.stdout.trim().split('\n').at(-1)).toContain('The deployment is stuck: minimumHealthyPercent 100 and maximumPercent 100 leave no room to start a new task or stop an old one');
    const moves = await cli(['run', '-', '-f', 'table'], svc(100, 200));
    expect(moves.stdout).not.toContain('The deployment is stuck');
    expect(moves.stdout.trim().split('\n').at(-1)).toContain('scheduler STEADY');
    expect(moves.stdout.trim().split('\n').at(-1)).toContain('Nothing more is scheduled: the service waits for a change.');
    // cut short mid-deployment: the table says the run ended at --until, not where the service settled
    const cut = await cli(['run', '-', '-f', 'table', '--until', '310'], svc(100, 200));
    expect(cut.stdout.trim().split('\n').at(-1)).toMatch(/^At 310\.000 s: .*scheduler RECONCILING\. The run ends at --until 310 s with more to come \(next at 3\d\d\.\d+ s\): a later --until shows it\.$/);
  });

  it('should describe the container instances at the end of a service run on EC2 instances, and give their state changes as events', async () => {
    const r = await cli(['run', 'public/scenarios/service-waits-for-room.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['events', 'service', 'tasks', 'containerInstances']);
    const [instance] = out.containerInstances;
    expect(out.containerInstances).toHaveLength(1);
    // two tasks of 512 CPU units and 1024 MiB running on an instance of 1024 and 2048: nothing left
    expect(instance).toMatchObject({ status: 'ACTIVE', runningTasksCount: 2, pendingTasksCount: 0 });
    // registered when the run starts: in the first second of 2026 when the scenario gives no startTime
    expect(instance.registeredAt - Date.parse('2026-01-01T00:00:00Z') / 1000).toBeGreaterThan(0);
    expect(instance.registeredAt - Date.parse('2026-01-01T00:00:00Z') / 1000).toBeLessThan(1);
    // the ContainerInstance object of DescribeContainerInstances: no clusterArn (only the event has one)
    expect(instance).not.toHaveProperty('clusterArn');
    // DescribeServices gives the placement rules, AWS's default when the file gave none
    expect(out.service).toMatchObject({ placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }], placementConstraints: [] });
    expect(instance.remainingResources.slice(0, 2).map((r: { integerValue: number }) => r.integerValue)).toEqual([0, 0]);
    expect(out.tasks.every((t: { containerInstanceArn: string }) => t.containerInstanceArn === instance.containerInstanceArn)).toBe(true);
    const changes = out.events.filter((e: { 'detail-type': string }) => e['detail-type'] === 'ECS Container Instance State Change');
    expect(changes.at(-1).detail.version).toBe(instance.version);
    const plain = JSON.parse((await cli(['run', '-', '--format', 'json'], scenario({ service: { serviceName: 'web', desiredCount: 1 } }))).stdout);
    expect(plain).not.toHaveProperty('containerInstances');
  });

  it('should print usage with --help, or the help command', async () => {
    for (const args of [['--help'], ['help'], ['help', 'paths']]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/ecs-lifecycle run <scenario.json\|->/);
    }
    // help for a command there is not is refused, as the command itself would be
    expect(await cli(['help', 'bogus'])).toMatchObject({ code: 2, stdout: '', stderr: 'ecs-lifecycle: help: unknown command "bogus" (expected run or paths)\n' });
  });

  it('should say what its own output is when it is fed back in, with the command that prints the definition it ran', async () => {
    const file = 'public/scenarios/fargate-web.json';
    const describe = 'aws ecs describe-task-definition --task-definition arn:aws:ecs:us-east-1:123456789012:task-definition/web:1 prints';
    const refused = async (stdin: string) => {
      const r = await cli(['run', '-'], stdin);
      expect(r.code).toBe(2);
      return r.stderr;
    };
    // the events, a line each
    const events = (await cli(['run', file])).stdout;
    expect(await refused(events)).toMatch(/^ecs-lifecycle: standard input: malformed JSON: line 2, column 1: .*\(this is NDJSON, one JSON value a line, as ecs-lifecycle writes events; a scenario is one JSON object\. Its first line: this is an EventBridge event \(ECS Task State Change\)/);
    expect(await refused(events)).toContain(describe);
    // a paths fixture line
    const fixture = (await cli(['paths', file, '-f', 'events'])).stdout.split('\n')[0]!;
    expect(await refused(fixture)).toMatch(/^ecs-lifecycle: standard input: taskDefinition: required: this is a line of ecs-lifecycle paths --format events \(lifecycle [\w-]+\); its event: this is an EventBridge event/);
    // --format json, and its DescribeTasks task alone
    const json = (await cli(['run', file, '-f', 'json'])).stdout;
    expect(await refused(json)).toBe(`ecs-lifecycle: standard input: taskDefinition (line 1): required: this is the output of ecs-lifecycle run --format json (the events and what DescribeTasks would say), not a scenario: give the scenario it ran, or what ${describe}\n`);
    expect(await refused(JSON.stringify(JSON.parse(json).task))).toBe(`ecs-lifecycle: standard input: taskDefinition: required: this is a task as DescribeTasks describes it, not its definition: give what ${describe}\n`);
    // two objects that are nothing known: NDJSON said, no guess at what they are
    expect(await refused('{"a": 1}\n{"b": 2}\n')).toMatch(/a scenario is one JSON object\)\n$/);
  });
});

describe('what a terminal shows of the input', () => {
  it('should refuse control characters and direction overrides where they would reach a screen (a StopTask reason, an image), naming which and where', async () => {
    const reason = await cli(['run', '-', '--format', 'table'], scenario({ timeline: [{ at: 100, action: 'StopTask', reason: 'line1\nline2\u001b[31mred' }] }));
    expect(reason).toMatchObject({ code: 2, stdout: '', stderr: 'ecs-lifecycle: standard input: timeline[0].reason: must not contain control characters or direction overrides, got U+000A at character 6\n' });
    const image = await cli(['paths', '-'], JSON.stringify({ taskDefinition: td([{ name: 'web', image: 'app\u202eFAKE' }]) }));
    expect(image).toMatchObject({ code: 2, stderr: 'ecs-lifecycle: standard input: taskDefinition.containerDefinitions[0].image: must not contain control characters or direction overrides, got U+202E at character 4\n' });
    // half of a UTF-16 pair ("\ud800" in JSON) is no character: events carrying it are not valid Unicode; a whole pair (😀) is fine
    const lone = await cli(['run', '-'], scenario({ timeline: [{ at: 100, action: 'StopTask', reason: 'ok \ud800' }] }));
    expect(lone).toMatchObject({ code: 2, stdout: '', stderr: 'ecs-lifecycle: standard input: timeline[0].reason: must be text, got half of a character (U+D800, a lone surrogate) at character 4\n' });
    expect((await cli(['run', '-'], scenario({ timeline: [{ at: 100, action: 'StopTask', reason: 'ok 😀' }] }))).code).toBe(0);
  });

  it('should escape what a terminal would obey in text it prints (a second line of defence)', () => {
    expect(printable('a\nb\u0000c\u001b[2J\u202eé😀中\u200f')).toBe('a\\nb\\u0000c\\u001b[2J\\u202eé😀中\u200f');
  });

  it('should name the line of the field a warning is about, as an error does, in a file of several lines', async () => {
    const text = JSON.stringify({ taskDefinition: JSON.parse(scenario()).taskDefinition, settings: { deregistrationDelay: 5 } }, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"deregistrationDelay"')) + 1;
    const r = await cli(['run', '-', '--until', '1'], text);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`ecs-lifecycle: warning: standard input: settings.deregistrationDelay (line ${line}) is not a field we know, so it is ignored: did you mean settings.deregistrationDelaySeconds?\n`);
    // a key with a space or a dot in it is not the path its first word reads as: no line rather than a wrong one
    const odd = await cli(['run', '-', '--until', '1'], JSON.stringify({ taskDefinition: JSON.parse(scenario()).taskDefinition, settings: { 'dereg delay': 5, 'deregistration.delay': 5 } }, null, 2));
    expect(odd.stderr).toMatch(/settings\.dereg delay is not a setting we know/);
    expect(odd.stderr).toMatch(/settings\.deregistration\.delay is not a setting we know/);
    expect(odd.stderr).not.toContain('(line');
  });

  it('should warn about a key given twice in one object, naming where, rather than drop the first silently', async () => {
    const text = scenario({ timeline: [{ at: 60, action: 'StopTask', reason: 'first' }] }).replace(/}$/, ',"timeline":[{"at":600,"action":"StopTask"}]}');
    const r = await cli(['run', '-', '--until', '10'], text);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ecs-lifecycle: warning: standard input: timeline is given twice in one object \(at line 1, column \d+, and again at line 1, column \d+\): only the last one counts, the first is ignored\n/);
  });

  it('should warn about a misspelt field that is checked (schedulingStrategy), not run past it silently', async () => {
    const r = await cli(['run', '-', '--until', '1'], scenario({ service: { serviceName: 'web', schedulingStratgy: 'DAEMON' } }));
    expect(r.stderr).toBe('ecs-lifecycle: warning: standard input: service.schedulingStratgy is not a field we know, so it is ignored: did you mean service.schedulingStrategy?\n');
  });

  it('should name the first 20 warnings and count the rest', async () => {
    const r = await cli(['run', '-', '--until', '10'], scenario({ timeline: Array.from({ length: 100 }, (_, i) => ({ at: 20 + i, action: 'StopTask', raeson: 'typo' })) }));
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('ecs-lifecycle: warning:'));
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('ecs-lifecycle: warning: standard input: … and 80 more warnings');
  });

  it('should say what is wrong with a flag given a value, and with a path that cannot be read', async () => {
    expect(await cli(['--version=1'])).toMatchObject({ code: 2, stderr: 'ecs-lifecycle: --version: takes no value\n' });
    const notDir = await cli(['run', 'package.json/x.json']);
    expect(notDir).toMatchObject({ code: 2, stderr: 'ecs-lifecycle: package.json/x.json: no such file (a part of the path is not a directory)\n' });
  });
});

describe('the table says where the task ran', () => {
  it('should give the instance, its host ports and what each target group sends to, as the events give them (bridge on EC2)', async () => {
    const bridge = { family: 'ngx', containerDefinitions: [{ name: 'nginx', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }] };
    const input = JSON.stringify({ taskDefinition: bridge, loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'nginx', containerPort: 80 }], timeline: [{ at: 400, action: 'StopTask' }] });
    const table = (await cli(['run', '-', '-f', 'table'], input)).stdout;
    const events = (await cli(['run', '-'], input)).stdout.trim().split('\n').map((l) => JSON.parse(l).detail);
    const running = events.find((d) => d.lastStatus === 'RUNNING');
    const hostPort = running.containers[0].networkBindings[0].hostPort;
    const where = table.slice(table.indexOf('\nWhere: ') + 1).split('\n');
    expect(where[0]).toMatch(new RegExp(`^Where: EC2, bridge network mode, ${running.availabilityZone}, container instance ${running.containerInstanceArn.split('/').at(-1)} \\(EC2 instance (i-[0-9a-f]{17})\\)$`));
    const instance = /\((?:EC2 instance )(i-[0-9a-f]+)\)/.exec(where[0]!)![1];
    expect(where[1]).toBe(`  nginx ports: 0.0.0.0:${hostPort} → 80/tcp`);
    expect(where[2]).toBe(`  target group web: the task was registered as ${instance}:${hostPort} (target type instance)`);
  });

  it('should keep the times right-aligned, their points in one column, past 999,999 s (task and service tables)', async () => {
    const late = JSON.stringify({ taskDefinition: td(), timeline: [{ at: 1_234_567, action: 'StopTask' }] });
    const rows = (await cli(['run', '-', '-f', 'table', '--until', '2000000'], late)).stdout.split('\n\n')[0]!.split('\n').slice(1);
    expect(new Set(rows.map((r) => r.indexOf('.')))).toEqual(new Set([rows[0]!.indexOf('.')]));
    expect(rows.at(-1)).toMatch(/^1234\d{3}\.\d{3} {2}STOPPED/);
    const service = JSON.stringify({ taskDefinition: td(), service: { serviceName: 'web', desiredCount: 1 }, timeline: [{ at: 100_000, action: 'UpdateService', desiredCount: 2 }] });
    const lines = (await cli(['run', '-', '-f', 'table', '--until', '200000'], service)).stdout.split('\n\n')[0]!.split('\n');
    // the column after the time starts at one place on every line, the header's included
    const after = (l: string) => l.indexOf(' ', l.search(/\S/)) + 1;
    expect(lines.at(-1)).toMatch(/^ *1\d{5}\.\d{3} /);
    expect(new Set(lines.slice(1).map(after))).toEqual(new Set([lines[0]!.indexOf('SCHEDULER')]));
  });

  it('should name an ECS Anywhere host as a managed instance of yours, not an EC2 instance', async () => {
    const external = { family: 'app', requiresCompatibilities: ['EXTERNAL'], containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128 }] };
    const out = (await cli(['run', '-', '-f', 'table', '--until', '60'], JSON.stringify(external))).stdout;
    expect(out).toMatch(/\nWhere: EXTERNAL, bridge network mode, in no AWS zone \(on premises\), container instance [0-9a-f]{32} \(external instance mi-[0-9a-f]{17}, a server of yours\)\n/);
  });

  it('should name no target for a task that never registered (a pull that failed, a registration that failed, a run cut before it), nor a port it never bound', async () => {
    const bridge = { family: 'ngx', containerDefinitions: [{ name: 'nginx', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }] };
    const lbs = [{ targetGroupArn: TG_ARN, containerName: 'nginx', containerPort: 80 }];
    const where = async (input: object, until = '3600') => {
      const out = (await cli(['run', '-', '-f', 'table', '--until', until], JSON.stringify(input))).stdout;
      return out.slice(out.indexOf('\nWhere: ') + 1, out.indexOf('\nCONTAINERS'));
    };
    const pullFails = await where({ taskDefinition: bridge, loadBalancers: lbs, faults: [{ step: 'PullImage', container: 'nginx' }] });
    expect(pullFails).toMatch(/\n  target group web: never registered \(the task stopped before it got that far\)$/);
    expect(pullFails).not.toMatch(/ports:/);
    const refused = await where({ taskDefinition: td(), loadBalancers: [lb()], faults: [{ step: 'RegisterTargets' }] });
    expect(refused).toMatch(/\n  target group web: never registered \(its registration failed\)$/);
    const early = await where({ taskDefinition: td(), loadBalancers: [lb()] }, '2');
    expect(early).toMatch(/\n  network interface \(not attached yet: \w+\) in subnet-\w+\n  target group web: not registered yet$/);
  });

  it('should name the capacity provider a task ran on where its events name one (Fargate Spot, an Auto Scaling group)', async () => {
    const whereLine = async (input: object) => (await cli(['run', '-', '-f', 'table', '--until', '60'], JSON.stringify(input))).stdout.split('\n').find((l) => l.startsWith('Where: '));
    // a Spot notice with no launch type: a Fargate Spot task, as its events say
    expect(await whereLine({ taskDefinition: td(), timeline: [{ at: 30, action: 'SpotInterruption' }] })).toMatch(/^Where: FARGATE \(capacity provider FARGATE_SPOT\), awsvpc network mode, /);
    const ec2 = { family: 'ngx', containerDefinitions: [{ name: 'nginx', image: 'nginx', memory: 128 }] };
    expect(await whereLine({ taskDefinition: ec2, capacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }] })).toMatch(/^Where: EC2 \(capacity provider my-asg\), bridge network mode, /);
    expect(await whereLine({ taskDefinition: ec2 })).toMatch(/^Where: EC2, bridge network mode, /);
  });

  it('should give the task’s own address on awsvpc, the target being that address and the container port', async () => {
    const input = scenario({ loadBalancers: [lb()], timeline: [{ at: 400, action: 'StopTask' }] });
    const table = (await cli(['run', '-', '-f', 'table'], input)).stdout;
    const eni = (await cli(['run', '-', '-f', 'json'], input)).stdout;
    const details = Object.fromEntries(JSON.parse(eni).task.attachments[0].details.map((d: { name: string; value: string }) => [d.name, d.value]));
    expect(table).toContain(`\nWhere: FARGATE, awsvpc network mode, ${JSON.parse(eni).task.availabilityZone}, Fargate platform 1.4.0\n  network interface ${details.networkInterfaceId} ${details.privateIPv4Address} in ${details.subnetId}\n  target group web: the task was registered as ${details.privateIPv4Address}:80 (target type ip)\n`);
  });
});

describe('--strict, for a CI pipeline', () => {
  it('should make a warning an error: the same warning line, then exit 2 with nothing run (run and paths)', async () => {
    for (const command of ['run', 'paths']) {
      const r = await cli([command, '-', '--strict'], scenario({ timline: [{ at: 30, action: 'StopTask' }] }));
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toBe(
        'ecs-lifecycle: warning: standard input: timline is not a field we know, so it is ignored: did you mean timeline?\n' +
          `ecs-lifecycle: standard input: --strict makes warnings errors: nothing was ${command === 'run' ? 'run' : 'listed'} (fix the warning above)\n`,
      );
    }
  });

  it('should write the whole output and exit 3 when a timeline action did nothing (a task or a service)', async () => {
    const timeline = [{ at: 60, action: 'StopTask' }, { at: 900, action: 'StopTask' }];
    const r = await cli(['run', '-', '--strict'], scenario({ timeline }));
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).at(-1).detail.lastStatus).toBe('STOPPED');
    expect(r.stderr).toMatch(/^ecs-lifecycle: note: standard input: StopTask at 900 s not applied: the task was already STOPPED at [\d.]+ s\necs-lifecycle: --strict: 1 timeline action did nothing \(the notes above say why\): exit 3\n$/);
    // without --strict, the same run is a success
    expect((await cli(['run', '-'], scenario({ timeline }))).code).toBe(0);
    const service = await cli(['run', '-', '--strict', '-f', 'table'], scenario({ service: { serviceName: 'web', desiredCount: 1 }, timeline: [{ at: 60, action: 'StopTask', task: 7 }] }));
    expect(service.code).toBe(3);
    expect(service.stdout).toMatch(/At [\d.]+ s: 1 task RUNNING/);
    expect(service.stderr).toMatch(/--strict: 1 timeline action did nothing/);
  });

  it('should note a fault that did nothing, and exit 3 for it under --strict (a task)', async () => {
    const faults = [{ step: 'RunContainer', container: 'web', afterSeconds: 5000 }];
    const r = await cli(['run', '-', '--strict'], scenario({ timeline: [{ at: 100, action: 'StopTask' }], faults }));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^ecs-lifecycle: note: standard input: faults\[0\] \(RunContainer\) did nothing: container web stopped at [\d.]+ s, before its crash was due at [\d.]+ s\necs-lifecycle: --strict: 1 fault did nothing \(the notes above say why\): exit 3\n$/,
    );
    expect(await cli(['run', '-'], scenario({ timeline: [{ at: 100, action: 'StopTask' }], faults }))).toMatchObject({ code: 0 });
  });

  it('should note a fault that did nothing to any task of a service, and none that acted on one', async () => {
    const rolling = JSON.parse(readFileSync('public/scenarios/service-rolling.json', 'utf8')) as Record<string, unknown>;
    const ignores = [{ step: 'StopContainer', container: 'web', ignoreSigterm: true }];
    // nothing stops a task of a steady service: no SIGTERM to ignore
    const steady = await cli(['run', '-', '--strict'], JSON.stringify({ ...rolling, timeline: [], faults: ignores }));
    expect(steady.code).toBe(3);
    expect(steady.stderr).toMatch(/^ecs-lifecycle: note: standard input: faults\[0\] \(StopContainer\) did nothing in any of the service's 3 tasks \(the last, task \d: container web was never sent SIGTERM: the run ended at [\d.]+ s, before the task was stopped\)\n/);
    // its deploy stops the old tasks, whose SIGTERM is ignored
    expect(await cli(['run', '-', '--strict'], JSON.stringify({ ...rolling, faults: ignores }))).toMatchObject({ code: 0, stderr: '' });
    // no guided service scenario has a fault that does nothing
    for (const preset of ['service-crash-loop', 'service-goes-bad', 'service-slow-start', 'service-waits-for-room', 'service-spot-no-fallback', 'service-circuit-breaker'])
      expect((await cli(['run', `public/scenarios/${preset}.json`, '--strict', '--format', 'json'])).code, preset).toBe(0);
  });

  it('should exit 0 when the scenario runs as written', async () => {
    expect(await cli(['run', '-', '--strict', '--until', '120'], scenario({ timeline: [{ at: 60, action: 'StopTask' }] }))).toMatchObject({ code: 0, stderr: '' });
    expect(await cli(['paths', '-', '--strict'], scenario())).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('timeline actions that did nothing', () => {
  it('should note the first 20 on stderr and count the rest, however many a generated timeline holds', async () => {
    const timeline = Array.from({ length: 500 }, (_, i) => ({ at: 60 + i, action: 'StopTask' }));
    const r = await cli(['run', '-'], scenario({ timeline }));
    expect(r.code).toBe(0);
    const notes = r.stderr.trim().split('\n');
    expect(notes).toHaveLength(21);
    expect(notes[0]).toMatch(/^ecs-lifecycle: note: standard input: at 61 s StopTask changes nothing: the task is already stopping/);
    expect(notes.at(-1)).toBe('ecs-lifecycle: note: standard input: … and 479 more timeline actions that did nothing');
  });
});

describe('output into a pipe that closes early (`| head`)', () => {
  it('should end quietly, with exit 0 and no stack trace, as soon as the reader is gone', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/ecs-lifecycle.js'), 'run', 'public/scenarios/service-1000.json'], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // read the first chunk, then close the pipe, as `head -1` does
    await new Promise<void>((resolve) => child.stdout.once('data', () => (child.stdout.destroy(), resolve())));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('should keep --strict’s exit 3 when the reader is gone early (`set -o pipefail; run --strict | head -1`)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-strict-'));
    const file = join(dir, 'late.json');
    // a thousand tasks: more output than a pipe holds; a StopTask of a task that never starts did nothing
    const base = JSON.parse(readFileSync(join(repoRoot, 'public/scenarios/service-1000.json'), 'utf8'));
    writeFileSync(file, JSON.stringify({ ...base, timeline: [...(base.timeline ?? []), { at: 60, action: 'StopTask', task: 5000 }] }));
    try {
      const child = spawn(process.execPath, [join(repoRoot, 'bin/ecs-lifecycle.js'), 'run', file, '--strict'], { cwd: repoRoot });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      await new Promise<void>((resolve) => child.stdout.once('data', () => (child.stdout.destroy(), resolve())));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toMatch(/StopTask ignored: no task 5000 has started yet/);
      expect(code).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
