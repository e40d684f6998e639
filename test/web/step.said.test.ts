// What Step says aloud: the time, then each change with its reason, the
// actors named as the page names them; a service's step names the tasks.
import { describe, expect, it } from 'vitest';
import { serviceStepSaid, taskStepSaid } from '../../src/web/step.said.ts';

describe('what a Step says', () => {
  it('should name each change of the task and its side steps, with why', () => {
    const said = taskStepSaid(18_342, [
      { t: 18_342, actor: 'container-api', from: 'NONE', to: 'PULLING', note: 'pulling the image' },
      { t: 18_342, actor: 'target-0', from: 'initial', to: 'healthy', note: 'passed its health checks' },
      { t: 18_342, actor: 'world', from: null, to: 'restored', note: 'ECS may release the ENI again' },
    ]);
    expect(said).toBe('t = 18.3 s: Container api PULLING: pulling the image; Target group 1 healthy: passed its health checks; restored: ECS may release the ENI again.');
  });

  it('should count, not read, the changes past the fifth', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ t: 0, actor: `container-c${i}`, from: 'NONE', to: 'PULLING', note: '' }));
    expect(taskStepSaid(0, many)).toBe('t = 0.0 s: Container c0 PULLING; Container c1 PULLING; Container c2 PULLING; Container c3 PULLING; Container c4 PULLING; and 3 more (see the Timeline).');
  });

  it('should name the tasks of a service that changed status, and the new ones', () => {
    const before = new Map([[1, 'PENDING' as const], [2, 'RUNNING' as const]]);
    const said = serviceStepSaid(41_000, before, [
      { index: 1, status: 'RUNNING' },
      { index: 2, status: 'RUNNING' },
      { index: 3, status: 'PROVISIONING' },
    ]);
    expect(said).toBe('t = 41.0 s: Task 1 RUNNING; Task 3 PROVISIONING (new).');
    const same = [...before].map(([index, status]) => ({ index, status }));
    expect(serviceStepSaid(42_000, before, same)).toBe('t = 42.0 s: no task changed status.');
    // the scheduler's part, when the tasks stayed as they were
    expect(serviceStepSaid(300_000, before, same, ['UpdateService deploy web:2', 'SERVICE_DEPLOYMENT_IN_PROGRESS'])).toBe('t = 5 min 00 s: no task changed status; UpdateService deploy web:2; SERVICE_DEPLOYMENT_IN_PROGRESS.');
  });
});
