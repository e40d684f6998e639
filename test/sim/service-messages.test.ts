// The service event log's bookkeeping: one instant's messages in the order a
// scheduler look writes them, tasks named in the order they came, and a
// lasting state said once until it is resolved (or six hours pass).
import { describe, expect, it } from 'vitest';
import { describeMessages, ServiceMessages, type MessageFact } from '../../src/sim/service/service-messages.ts';

const facts = (m: ServiceMessages) => [...m.newestFirst()].reverse().map((s) => s.fact);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('ServiceMessages', () => {
  it('should keep tasks in the order they came when one instant starts more than 10', () => {
    const m = new ServiceMessages();
    m.add(5, { kind: 'started', tasks: [1, 2, 3] });
    m.add(5, { kind: 'started', tasks: range(100, 25) });
    expect(facts(m).map((f) => (f.kind === 'started' ? f.tasks : []))).toEqual([[1, 2, 3], range(100, 10), range(110, 10), range(120, 5)]);
  });

  it('should say a start replaced unhealthy tasks even once the line that found them is no longer kept, and split the count over messages of 10', () => {
    const m = new ServiceMessages();
    m.add(5, { kind: 'unhealthy', task: 0, targetGroup: null });
    m.add(5, { kind: 'started', tasks: range(1, 12), replaced: 11 });
    for (let i = 0; i < 98; i++) m.add(10 + i, { kind: 'stopped', tasks: [100 + i] });
    const names = { serviceName: 'web', taskId: (i: number) => `t${i}`, targetGroupArn: () => 'tg', targetOf: () => ({ instance: null, port: 80 }) };
    const oldest = describeMessages(m.newestFirst(), names, 1, 0, 'arn').reverse().map((e) => e.message);
    // the unhealthy line is gone (100 kept); the two starts still say what they replaced: 10 then 1
    expect(oldest.some((x) => x.includes('failed container health checks'))).toBe(false);
    expect(oldest[0]).toMatch(/has started 10 tasks: .*\. Amazon ECS replaced 10 tasks due to an unhealthy status\.$/);
    expect(oldest[1]).toMatch(/has started 2 tasks: .*\. Amazon ECS replaced 1 tasks due to an unhealthy status\.$/);
  });

  it('should put one instant in the scheduler’s order: starts, then stops and their drain, whatever order they were told in', () => {
    const m = new ServiceMessages();
    m.add(5, { kind: 'stopped', tasks: [1] });
    m.add(5, { kind: 'deregistered', targetGroup: 0, count: 1 });
    m.add(5, { kind: 'started', tasks: [9] });
    m.add(5, { kind: 'stopped', tasks: [2] });
    m.add(5, { kind: 'deregistered', targetGroup: 0, count: 1 });
    expect(facts(m)).toEqual<MessageFact[]>([
      { kind: 'started', tasks: [9] },
      { kind: 'stopped', tasks: [1, 2] },
      { kind: 'deregistered', targetGroup: 0, count: 2 },
    ]);
  });

  it('should say a lasting state once until it is resolved, even with news in between, and again after six hours', () => {
    const m = new ServiceMessages();
    m.add(1000, { kind: 'stalled' });
    m.add(2000, { kind: 'registered', targetGroup: 0, count: 1 });
    m.add(3000, { kind: 'stalled' });
    expect(facts(m).filter((f) => f.kind === 'stalled')).toHaveLength(1);
    m.add(1000 + 6 * 3600_000, { kind: 'stalled' });
    expect(facts(m).filter((f) => f.kind === 'stalled')).toHaveLength(2);
    // a placement failure is resolved by a task placed
    const p = new ServiceMessages();
    p.add(1, { kind: 'noSpotCapacity' });
    p.add(2, { kind: 'noSpotCapacity' });
    p.add(3, { kind: 'started', tasks: [4] });
    p.add(4, { kind: 'noSpotCapacity' });
    expect(facts(p).map((f) => f.kind)).toEqual(['noSpotCapacity', 'started', 'noSpotCapacity']);
  });

  it('should not count a start of the same look as placing the task it could not place', () => {
    const m = new ServiceMessages();
    m.add(5, { kind: 'noSpotCapacity' });
    m.add(5, { kind: 'started', tasks: [1] });
    m.add(9, { kind: 'noSpotCapacity' });
    expect(facts(m).map((f) => f.kind)).toEqual(['started', 'noSpotCapacity']);
    // standing, it is due again six hours on, once: said again, it stands anew
    expect(m.nextRepeatAt()).toBe(5 + 6 * 3600_000);
    expect(m.due(4 + 6 * 3600_000)).toEqual([]);
    expect(m.due(5 + 6 * 3600_000)).toEqual([{ kind: 'noSpotCapacity' }]);
    expect(m.nextRepeatAt()).toBeNull();
  });

  it('should not move the version for a repeat it leaves out (the page redraws only on news)', () => {
    const m = new ServiceMessages();
    m.add(1, { kind: 'steady' });
    const v = m.version;
    m.add(2, { kind: 'steady' });
    expect(m.version).toBe(v);
  });
});
