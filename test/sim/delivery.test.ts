import { describe, expect, it } from 'vitest';
import { deliverAtLeastOnce, deliver } from '../../src/sim/project/delivery.ts';
import type { EcsEvent } from '../../src/sim/project/events.ts';
import { fargateWeb, run } from '../support/scenarios.ts';

const version = (e: EcsEvent) => e.detail.version as number;

/** What a well-behaved consumer does: drop copies by id, order by detail.version. */
function reassemble(events: EcsEvent[]): EcsEvent[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  return [...byId.values()].sort((a, b) => version(a) - version(b));
}

/** A long synthetic stream: one event every 300 ms for 20 minutes. */
function stream(n = 4000) {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(t0 + i * 300).toISOString();
    return { id: `e${i}`, time: at.replace(/\.\d+Z$/, 'Z'), detail: { version: i + 1, updatedAt: at } };
  });
}

describe('at-least-once delivery', () => {
  const events = [...run(fargateWeb()).events];

  it('should deliver every event at least once, copies being the same event (same id)', () => {
    const got = deliverAtLeastOnce(events, 1);
    expect(new Set(got)).toEqual(new Set(events));
    expect(reassemble(got)).toEqual(events);
  });

  it('should reorder events close in time and duplicate about one in eight, from the seed alone', () => {
    const s = stream();
    const got = deliverAtLeastOnce(s, 7);
    expect(deliverAtLeastOnce(s, 7)).toEqual(got);
    expect(deliverAtLeastOnce(s, 8)).not.toEqual(got);
    const copies = got.length - s.length;
    expect(copies / s.length).toBeGreaterThan(0.08);
    expect(copies / s.length).toBeLessThan(0.17);
    const inversions = got.filter((e, i) => i > 0 && e.detail.version < got[i - 1]!.detail.version).length;
    expect(inversions).toBeGreaterThan(50);
  });

  it('should never let an event overtake one emitted more than five seconds before it', () => {
    const s = stream();
    const got = deliverAtLeastOnce(s, 3);
    const first = new Map<number, number>();
    got.forEach((e, i) => first.has(e.detail.version) || first.set(e.detail.version, i));
    // 17 events apart is 5.1 s apart
    const overtaken = s.filter((a, i) => s.slice(i + 17, i + 40).some((b) => first.get(b.detail.version)! < first.get(a.detail.version)!));
    expect(overtaken).toEqual([]);
  });

  it('should leave the order alone in-order', () => {
    expect(deliver(events, 'in-order', 1)).toEqual(events);
  });
});

describe('at-least-once delivery, as the events come', () => {
  // The order the model defines: every arrival known, then sorted (what the stream must equal).
  function allAtOnce(events: { time: string; detail?: { updatedAt?: string } }[], seed: number, draw: (seed: number) => { next(): number; between(a: number, b: number): number }) {
    const rng = draw(seed ^ 0x5eed_de11);
    const delay = () => Math.min(5_000, Math.round(-400 * Math.log(1 - rng.next())));
    const arrivals: { at: number; seq: number; e: unknown }[] = [];
    let seq = 0;
    for (const e of events) {
      const at = Date.parse(e.detail?.updatedAt ?? e.time) + delay();
      arrivals.push({ at, seq: seq++, e });
      if (rng.between(1, 8) === 1) arrivals.push({ at: at + 1 + rng.between(0, 10_000), seq: seq++, e });
    }
    return arrivals.sort((a, b) => a.at - b.at || a.seq - b.seq).map((a) => a.e);
  }

  it('should give what sorting every arrival gives, holding only a few seconds of them, with exact and whole-second times mixed', async () => {
    const { createRandom } = await import('../../src/sim/random.ts');
    const { deliverAtLeastOnceStream } = await import('../../src/sim/project/delivery.ts');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    // bursts and lulls; every third event has only its time in whole seconds (a service event)
    const rng = createRandom(3);
    let t = t0;
    const events = Array.from({ length: 6000 }, (_, i) => {
      t += rng.between(1, 10) === 1 ? rng.between(0, 60_000) : rng.between(0, 40);
      const iso = new Date(t).toISOString();
      return i % 3 === 0 ? { id: `s${i}`, time: iso.replace(/\.\d+Z$/, 'Z') } : { id: `t${i}`, time: iso.replace(/\.\d+Z$/, 'Z'), detail: { updatedAt: iso } };
    });
    for (const seed of [1, 2, 99]) expect([...deliverAtLeastOnceStream(events, seed)]).toEqual(allAtOnce(events, seed, createRandom));
    // handed on as it goes: the first arrivals come out before the last events are read
    let read = 0;
    const counted = (function* () {
      for (const e of events) (read++, yield e);
    })();
    const first = deliverAtLeastOnceStream(counted, 1).next();
    expect(first.done).toBe(false);
    expect(read).toBeLessThan(events.length);
  });
});
