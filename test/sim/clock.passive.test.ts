// A passive timer waits for time to pass it (a service message repeated after
// six hours): it must neither be the next thing a Step goes to, nor keep a
// run that has nothing left to do from ending.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/clock.ts';

describe('VirtualClock passive timers', () => {
  it('should fire one when time moves past it, in order with live timers, and never count it as next', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setPassiveTimeout(() => fired.push(`passive@${clock.now()}`), 500);
    clock.setTimeout(() => fired.push(`live@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`live@${clock.now()}`), 900);
    expect(clock.nextAt()).toBe(200);
    clock.advanceTo(1000, true);
    expect(fired).toEqual(['live@200', 'passive@500', 'live@900']);
    expect(clock.nextAt()).toBeNull();
  });

  it('should leave it unfired when a run ends for want of anything live, and fire it when time is moved past it anyway', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {}, 100);
    clock.setPassiveTimeout(() => fired.push(clock.now()), 5000);
    clock.advanceTo(10_000, true);
    // nothing live after 100 ms: the run is over there, and time stays
    expect([clock.now(), fired]).toEqual([100, []]);
    clock.advanceTo(10_000);
    expect([clock.now(), fired]).toEqual([10_000, [5000]]);
  });

  it('should drop a cancelled one, and every one on halt', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const id = clock.setPassiveTimeout(() => fired.push(1), 10);
    clock.setPassiveTimeout(() => fired.push(2), 20);
    clock.clearTimeout(id);
    clock.advanceTo(30);
    expect(fired).toEqual([2]);
    clock.setPassiveTimeout(() => fired.push(3), 10);
    clock.halt();
    clock.advanceTo(100);
    expect(fired).toEqual([2]);
  });
});
