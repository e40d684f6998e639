// What each side step's own statechart must do, on every step of a walk of
// all its reachable states (every fault on and off): the task's invariants
// see only the task's mirror of them, so these hold the child machines to
// the facts themselves (§4).
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { containerMachine } from '../../machines/container.machine.ts';
import { eniMachine } from '../../machines/eni.machine.ts';
import { registryMachine } from '../../machines/registry.machine.ts';
import { targetMachine } from '../../machines/target.machine.ts';
import { exploreChild, type ChildStep } from './support/coverage.ts';
import { containerInputs, eniInputs, registryInputs, targetInputs } from './support/child-inputs.ts';

type ContainerCtx = { started: boolean; exitCode: number | null; reason: string | null; signals: string[]; reclaimed: boolean };
const value = (s: AnyMachineSnapshot) => String(s.value);

/** Walks the machine and returns every violation `check` finds, with the step it was found on. */
function violations(walk: (visit: (step: ChildStep) => void) => unknown, check: (step: ChildStep) => string | null): string[] {
  const found = new Set<string>();
  let steps = 0;
  walk((step) => {
    steps++;
    const why = check(step);
    if (why) found.add(`${value(step.from)} --${step.event.type}--> ${value(step.to)}: ${why}`);
  });
  expect(steps).toBeGreaterThan(10);
  return [...found];
}

describe('the side steps’ own statecharts', () => {
  it('container: a signal only to a started container, exit code 137 only after SIGKILL, one that ignores SIGTERM always killed, and 143 for one that gave up on a dependency', () => {
    const gaveUp = 'CannotStartContainerError: dependency graph: …';
    const walk = (visit: (s: ChildStep) => void) =>
      exploreChild(containerMachine, containerInputs, { 'container.processExited': { exitCode: 3 }, 'container.dependencyFailed': { reason: gaveUp } }, visit);
    expect(
      violations(walk, ({ from, event, to, input }) => {
        const c = to.context as ContainerCtx;
        const was = from.context as ContainerCtx;
        if (c.signals.length > 0 && !c.started) return `signalled (${c.signals.join(', ')}) but never started`;
        // the agent's terminal dependency error: stopped unstarted, unsignalled, with 143 and its reason
        if (event.type === 'container.dependencyFailed' && value(to) === 'STOPPED' && (c.exitCode !== 143 || c.reason !== gaveUp || c.signals.length > 0))
          return `gave up with exit code ${c.exitCode}, reason ${c.reason}`;
        if (value(to) === 'STOPPED' && !c.started && c.exitCode !== null && c.reason !== gaveUp) return `never started, yet exit code ${c.exitCode}`;
        if (c.exitCode === 137 && !c.signals.includes('SIGKILL') && !c.reclaimed) return 'exit code 137 without SIGKILL';
        if (c.signals.includes('SIGKILL') && c.signals[0] !== 'SIGTERM' && !c.reclaimed) return 'SIGKILL without SIGTERM first';
        // StopTask: SIGTERM, then SIGKILL after stopTimeout if it has not exited (facts §4)
        const ignores = (input as { ignoreSigterm: boolean }).ignoreSigterm;
        if (ignores && value(from) === 'STOPPING' && value(to) === 'STOPPED' && event.type.startsWith('xstate.after') && (c.exitCode !== 137 || !c.signals.includes('SIGKILL')))
          return `ignores SIGTERM, yet ended with exit code ${c.exitCode} and ${c.signals.join(', ')}`;
        if (was.exitCode !== null && c.exitCode !== was.exitCode) return `exit code changed from ${was.exitCode} to ${c.exitCode}`;
        return null;
      }),
    ).toEqual([]);
  });

  it('target: deregistered, a registered target drains before it is out of its group (the deregistration delay)', () => {
    const registered = new Set(['initial', 'healthy', 'unhealthy']);
    const walk = (visit: (s: ChildStep) => void) => exploreChild(targetMachine, targetInputs, {}, visit);
    expect(
      violations(walk, ({ from, to }) => {
        if (registered.has(value(from)) && value(to) === 'unused') return 'left its group without draining';
        if (value(from) === 'draining' && value(to) !== 'draining' && value(to) !== 'unused') return 'a draining target came back';
        if (value(from) === 'unused' && value(to) !== 'unused') return 'left its final state';
        return null;
      }),
    ).toEqual([]);
  });

  it('ENI: attached only after attaching, never after a failed attachment, and deleted only once detached or never created', () => {
    const walk = (visit: (s: ChildStep) => void) => exploreChild(eniMachine, eniInputs, { 'eni.deleteRequested': [{}, { neverCreated: true }] }, visit);
    expect(
      violations(walk, ({ from, to }) => {
        const [a, b] = [value(from), value(to)];
        if (a === b) return null;
        if (b === 'ATTACHED' && a !== 'ATTACHING') return 'attached without attaching';
        if (b === 'DELETED' && a !== 'DETACHED' && a !== 'PRECREATED') return 'deleted while still attached';
        if (a === 'FAILED' && (b === 'ATTACHED' || b === 'ATTACHING')) return 'attached after it failed';
        if (a === 'DELETED') return 'left its final state';
        return null;
      }),
    ).toEqual([]);
  });

  it('Cloud Map: a registered instance is deregistered (DeregisterInstance) before it is gone', () => {
    const walk = (visit: (s: ChildStep) => void) => exploreChild(registryMachine, registryInputs, {}, visit);
    expect(
      violations(walk, ({ from, to }) => {
        if (value(from) === 'REGISTERED' && value(to) === 'DEREGISTERED') return 'gone without DeregisterInstance';
        if (value(from) === 'DEREGISTERED' && value(to) !== 'DEREGISTERED') return 'left its final state';
        return null;
      }),
    ).toEqual([]);
  });
});
