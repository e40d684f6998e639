// What Step says aloud: the time, then each change with its reason, the
// actors named as the page names them; a service's step names the tasks.
import { describe, expect, it } from 'vitest';
import { pausedAtStateSaid, serviceStepSaid, taskStepSaid } from '../../src/web/step.said.ts';
import { fargateWeb, run } from '../support/scenarios.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import type { TaskStatus } from '../../machines/status.ts';

describe('what a Step says', () => {
  it('should name each change of the task and its side steps, with why', () => {
    const said = taskStepSaid(18_342, [
      { t: 18_342, actor: 'container-api', from: 'NONE', to: 'PULLING', note: 'pulling the image' },
      { t: 18_342, actor: 'target-0', from: 'initial', to: 'healthy', note: 'passed its health checks' },
      { t: 18_342, actor: 'world', from: null, to: 'restored', note: 'ECS may release the ENI again' },
    ]);
    expect(said).toBe('t = 18.3 s: Container api PULLING: pulling the image; Target target-0 healthy: passed its health checks; restored: ECS may release the ENI again.');
  });

  it('should name an action once, the timeline’s as the page’s (not "You": the scenario may have done it)', () => {
    const said = taskStepSaid(600_000, [
      { t: 600_000, actor: 'user', from: null, to: 'StopTask', note: 'StopTask: Replaced by hand during an incident' },
      { t: 600_000, actor: 'user', from: null, to: 'ContainerExit', note: 'container web exits with code 42' },
    ]);
    expect(said).toBe('t = 10 min 00 s: Action StopTask: Replaced by hand during an incident; Action ContainerExit: container web exits with code 42.');
  });

  it('should count, not read, the changes past the fifth', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ t: 0, actor: `container-c${i}`, from: 'NONE', to: 'PULLING', note: '' }));
    expect(taskStepSaid(0, many)).toBe('t = 0.0 s: Container c0 PULLING; Container c1 PULLING; Container c2 PULLING; Container c3 PULLING; Container c4 PULLING; and 3 more (see the Timeline).');
  });

  it("should name the tasks of a service that changed status or desiredStatus, the new ones, those with a container's change, and the scheduler's part", () => {
    const task = (index: number, status: TaskStatus, desiredStatus: 'RUNNING' | 'STOPPED' = 'RUNNING') => ({ index, status, desiredStatus });
    const before = new Map([task(1, 'PENDING'), task(2, 'RUNNING'), task(4, 'RUNNING')].map((x) => [x.index, x]));
    const said = serviceStepSaid(41_000, before, [task(1, 'RUNNING'), task(2, 'RUNNING'), task(3, 'PROVISIONING'), task(4, 'RUNNING')]);
    expect(said).toBe('t = 41.0 s: Task 1 RUNNING; Task 3 PROVISIONING (new).');
    // a Spot notice: still RUNNING, desiredStatus STOPPED; a container's change shows as the task's own event
    expect(serviceStepSaid(601_000, before, [task(1, 'PENDING'), task(2, 'RUNNING', 'STOPPED'), task(4, 'RUNNING')], [], new Set([4]))).toBe(
      't = 10 min 01 s: Task 2 RUNNING (desiredStatus STOPPED); Task 4: a container changed.',
    );
    const same = [...before.values()];
    expect(serviceStepSaid(42_000, before, same)).toBe('t = 42.0 s: no task changed status.');
    expect(serviceStepSaid(300_000, before, same, ['UpdateService deploy web:2', 'SERVICE_DEPLOYMENT_IN_PROGRESS'])).toBe('t = 5 min 00 s: UpdateService deploy web:2; SERVICE_DEPLOYMENT_IN_PROGRESS.');
    // the scheduler's own message ends its sentence: one full stop
    expect(serviceStepSaid(900_000, before, same, ['SERVICE_STEADY_STATE', '(service web) has reached a steady state.'])).toBe('t = 15 min 00 s: SERVICE_STEADY_STATE; (service web) has reached a steady state.');
  });
});

describe('what Pause at each state says', () => {
  /** The run's trace up to the instant the task entered `status`, as the page has it when Play pauses there. */
  const until = (s: Scenario, status: TaskStatus) => {
    const trace = run(s).trace;
    const t = trace.find((e) => e.actor === 'task' && e.to === status)!.t;
    return trace.filter((e) => e.t <= t);
  };

  it('should name the states the task passed through in the same instant, which no pause can show', () => {
    // a Spot notice: the containers are gone before the drain ends, so STOPPING holds the task for no time
    const spot = until(fargateWeb({ timeline: [{ at: 600, action: 'SpotInterruption' }] }), 'DEPROVISIONING');
    expect(pausedAtStateSaid('DEPROVISIONING', spot)).toBe(
      'Paused as the task entered DEPROVISIONING, through STOPPING in the same instant (nothing held it there: What just happened lists it) (Pause at each state is on): Play goes on to the next state.',
    );
    // a 0 s deregistration delay and no registry: DEACTIVATING too
    const quick = until(fargateWeb({ serviceRegistries: [], settings: { deregistrationDelaySeconds: 0 } }), 'STOPPING');
    expect(pausedAtStateSaid('STOPPING', quick)).toMatch(/^Paused as the task entered STOPPING, through DEACTIVATING in the same instant/);
  });

  it('should say only the state entered when the one before held the task a while', () => {
    const trace = until(fargateWeb(), 'DEACTIVATING');
    expect(pausedAtStateSaid('DEACTIVATING', trace)).toBe('Paused as the task entered DEACTIVATING (Pause at each state is on): Play goes on to the next state.');
  });
});
