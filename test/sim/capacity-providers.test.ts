// How a service's tasks are split between capacity providers, placing and
// scaling in: a service scaled in runs what a service of that size would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderSplit, splitOf, type StrategyItem } from '../../src/sim/service/capacity-providers.ts';

const strategyArb = fc
  .record({
    weights: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 3 }),
    base: fc.integer({ min: 0, max: 2 }),
    based: fc.nat(2),
  })
  .filter(({ weights }) => weights.some((w) => w > 0))
  .map(({ weights, base, based }): StrategyItem[] => weights.map((weight, i) => ({ capacityProvider: `P${i}`, weight, base: i === based % weights.length ? base : 0 })));

describe('ProviderSplit', () => {
  it('should put the base first, then split by weight, ties to the provider running fewer', () => {
    const s = [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }];
    expect(splitOf(s, 1)).toEqual([1, 0]);
    expect(splitOf(s, 5)).toEqual([2, 3]);
    expect(splitOf([{ capacityProvider: 'FARGATE', weight: 1, base: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 2, base: 0 }], 2)).toEqual([1, 1]);
  });

  it('should scale in to the split a service of the smaller count runs, whatever the strategy', () => {
    fc.assert(
      fc.property(strategyArb, fc.integer({ min: 1, max: 12 }), fc.nat(12), (s, n, k) => {
        const split = new ProviderSplit(s);
        for (let i = 0; i < n; i++) split.place();
        const stop = Math.min(k, n);
        const quotas = split.stopQuotas(stop);
        const after = splitOf(s, n).map((a, i) => a - (quotas.get(s[i]!.capacityProvider) ?? 0));
        expect(after).toEqual(splitOf(s, n - stop));
      }),
      { seed: 99, numRuns: 1000 },
    );
  });
});
