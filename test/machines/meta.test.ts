// What the page and the diagram teach from: every state explains itself and
// names its source, and what AWS does not document is marked inferred. The
// container statuses are checked against the agent's own list: a status it
// does not have must not pass for one of its.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyStateMachine, type StateNode } from 'xstate';
import { capacityMachine } from '../../machines/capacity.machine.ts';
import { containerMachine } from '../../machines/container.machine.ts';
import { eniMachine } from '../../machines/eni.machine.ts';
import { registryMachine } from '../../machines/registry.machine.ts';
import { serviceMachine } from '../../machines/service.machine.ts';
import { targetMachine } from '../../machines/target.machine.ts';
import { createTaskMachine } from '../../machines/task.machine.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { taskInput, taskShape } from '../../src/sim/timings.ts';
import { createRandom } from '../../src/sim/random.ts';
import { readFileSync } from 'node:fs';

type Meta = { source?: string; inferred?: boolean };

function statesOf(machine: AnyStateMachine): StateNode[] {
  const all: StateNode[] = [];
  const walk = (node: StateNode) => Object.values(node.states).forEach((child) => (all.push(child), walk(child)));
  walk(machine.root);
  return all;
}

const fargateWeb = loadScenario(JSON.parse(readFileSync(new URL('../../public/scenarios/fargate-web.json', import.meta.url), 'utf8')));
const machines: [string, AnyStateMachine][] = [
  ['task', createTaskMachine(taskShape(fargateWeb)) as unknown as AnyStateMachine],
  ['capacity', capacityMachine],
  ['eni', eniMachine],
  ['target', targetMachine],
  ['registry', registryMachine],
  ['container', containerMachine],
  ['service', serviceMachine],
];

describe('what each state says about itself', () => {
  it.each(machines)('should give every %s state a description of its own and a source link', (_, machine) => {
    const states = statesOf(machine);
    expect(states.length).toBeGreaterThan(1);
    for (const st of states) {
      expect(st.description, st.id).toMatch(/\w{3,}.*\w/);
      // the page and the inspector print it as it is: Markdown would show its marks
      expect(st.description, st.id).not.toMatch(/`|\*\*|\[[^\]]+\]\(/);
      expect((st.meta as Meta | undefined)?.source, st.id).toMatch(/^https:\/\//);
    }
    expect(new Set(states.map((s) => s.description)).size).toBe(states.length);
  });

  it("should mark as ours exactly the container statuses the agent does not have (its list: NONE, MANIFEST_PULLED, PULLED, CREATED, RUNNING, RESOURCES_PROVISIONED, STOPPED), partly where AWS documents the step", () => {
    const agent = new Set(['NONE', 'MANIFEST_PULLED', 'PULLED', 'CREATED', 'RUNNING', 'RESOURCES_PROVISIONED', 'STOPPED']);
    // documented steps under names of ours: the pull (pullStartedAt) and the stop (SIGTERM, stopTimeout, SIGKILL)
    const documentedSteps = new Set(['PULLING', 'STOPPING']);
    const mark = (st: StateNode) => (!(st.meta as Meta).inferred ? 'documented' : (st.meta as { partly?: true }).partly ? 'partly' : 'inferred');
    // the agent's NONE and PULLED are partly ours too: why it waits on Fargate, and that Fargate's agent pulls a dependant late, are our reading
    const expected = (key: string) => (key === 'NONE' || key === 'PULLED' ? 'partly' : agent.has(key) ? 'documented' : documentedSteps.has(key) ? 'partly' : 'inferred');
    for (const st of statesOf(containerMachine)) expect(mark(st), st.key).toBe(expected(st.key));
  });

  it('should mark partly ours the registration statuses of a target and a Cloud Map instance (documented calls under our names), wholly ours the waits before and a failed Cloud Map registration', () => {
    const marks = (m: AnyStateMachine) => Object.fromEntries(statesOf(m).map((st) => [st.key, !(st.meta as Meta).inferred ? 'documented' : (st.meta as { partly?: true }).partly ? 'partly' : 'inferred']));
    expect(marks(registryMachine)).toEqual({ NOT_REGISTERED: 'inferred', REGISTERING: 'partly', REGISTERED: 'partly', FAILED: 'inferred', DEREGISTERING: 'partly', DEREGISTERED: 'partly' });
    expect(marks(targetMachine)).toMatchObject({ notRegistered: 'inferred', registering: 'partly', initial: 'documented', healthy: 'documented', draining: 'documented', unused: 'documented' });
  });

  it('should say of every state of every side step whether it is inferred (the page shows the mark)', () => {
    for (const m of [containerMachine, eniMachine, targetMachine, registryMachine, capacityMachine])
      for (const st of statesOf(m)) expect(typeof (st.meta as Meta).inferred, `${m.id} ${st.key}`).toBe('boolean');
  });

  it('should say, where an ENI status is marked inferred, that the name is AWS’s and its moment our model', () => {
    const marked = statesOf(eniMachine).filter((st) => (st.meta as Meta).inferred);
    expect(marked.map((st) => st.key)).toEqual(['PRECREATED', 'CREATED', 'ATTACHING', 'FAILED', 'DETACHING', 'DETACHED']);
    for (const st of marked) expect(st.description, st.key).toContain('The status is AWS’s; when it comes in the task’s life is our model.');
  });
});

describe('what the task statechart takes and refuses', () => {
  const taskMachine = machines[0]![1];

  it('should say, on each task event it handles by a model of ours, what is ours', () => {
    const marked = [...taskMachine.root.transitions.values()].flat().filter((t) => (t.meta as Meta | undefined)?.inferred);
    expect(marked.map((t) => t.eventType).sort()).toEqual(
      ['capacity.unavailable', 'container.startTimedOut', 'container.unhealthy', 'registry.failed', 'target.failed', 'task.capacityReclaimed', 'task.spotInterrupted'].sort(),
    );
    for (const t of marked) expect(t.description, t.eventType).toMatch(/our (model|choice)/);
  });

  it('should say, on each route out of a state that is ours, what is ours (the chart shows it)', () => {
    const marked = statesOf(taskMachine)
      .flatMap((node) => [...node.transitions.values()].flat().concat(node.always ?? []))
      .filter((t) => (t.meta as Meta | undefined)?.inferred);
    expect(marked.length).toBeGreaterThan(5);
    for (const t of marked) expect(t.description, `${t.source.key} → ${t.target?.map((x) => x.key).join()}`).toMatch(/our (model|choice)/);
  });

  it('should refuse a task with no essential container (ECS registers none), which no stop route could end', () => {
    const shape = taskShape(fargateWeb);
    const noEssential = { ...shape, containers: shape.containers.map((c) => ({ ...c, essential: false })) };
    expect(() => createTaskMachine(noEssential)).toThrow('a task needs at least one essential container');
  });

  it('should take the capacity away only from a task that had a Spot notice', () => {
    const machine = createTaskMachine(taskShape(fargateWeb), 'world');
    const [start] = initialTransition(machine, taskInput(fargateWeb, createRandom(1)));
    const [after] = transition(machine, start, { type: 'task.capacityReclaimed' });
    expect(after.context.spot).toBe('NONE');
    const [noticed] = transition(machine, start, { type: 'task.spotInterrupted' });
    expect(transition(machine, noticed, { type: 'task.capacityReclaimed' })[0].context.spot).toBe('RECLAIMED');
  });
});

describe('partly inferred: documented by AWS, part of it our model', () => {
  it('should mark partly exactly the task states and ENI statuses AWS documents whose moments or parts are ours', () => {
    const partly = (m: AnyStateMachine) => statesOf(m).filter((st) => (st.meta as Meta & { partly?: boolean }).partly).map((st) => st.key);
    expect(partly(machines[0]![1])).toEqual(['PENDING', 'ACTIVATING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING']);
    expect(partly(eniMachine)).toEqual(['PRECREATED', 'CREATED', 'ATTACHING', 'FAILED', 'DETACHING', 'DETACHED']);
    // AWS documents what the scheduler does and the SERVICE_STEADY_STATE event, not these states
    expect(partly(serviceMachine)).toEqual(['RECONCILING', 'STEADY']);
    for (const st of statesOf(serviceMachine)) expect(st.description, st.key).toContain('Our model: the state’s name');
    // partly is a kind of inferred, never on its own
    for (const [, m] of machines) for (const st of statesOf(m)) if ((st.meta as { partly?: boolean }).partly) expect((st.meta as Meta).inferred, st.id).toBe(true);
  });
});
