// Which capacity provider each new task of a service lands on, by its
// strategy (CapacityProviderStrategyItem): the provider with a base gets
// tasks until it runs that many, then the rest are split by weight. Counted
// over the service's active tasks, as the scheduler counts them.

export interface StrategyItem {
  capacityProvider: string;
  weight: number;
  base: number;
}

/** Which provider the next task goes to, given how many each runs (the index into the strategy). */
function nextProvider(s: readonly StrategyItem[], active: readonly number[]): number {
  let at = s.findIndex((p, i) => active[i]! < p.base);
  if (at < 0) {
    // the weighted share each would have with one more task; a tie to the one running fewer
    // (FARGATE base 1 weight 1 with FARGATE_SPOT weight 1 puts a second task on Spot), then the first listed
    const share = (i: number) => (active[i]! - s[i]!.base + 1) / s[i]!.weight;
    const better = (i: number) => share(i) < share(at) || (share(i) === share(at) && active[i]! < active[at]!);
    for (let i = 0; i < s.length; i++) if (s[i]!.weight > 0 && (at < 0 || better(i))) at = i;
  }
  // a strategy with only bases, all reached: the based provider takes the rest (validation ensures one exists)
  return at < 0 ? s.findIndex((p) => p.base > 0) : at;
}

/** How `n` tasks placed one by one from none are split: what a service of `n` tasks runs. */
export function splitOf(s: readonly StrategyItem[], n: number): number[] {
  const active = s.map(() => 0);
  for (let k = 0; k < n; k++) active[nextProvider(s, active)]!++;
  return active;
}

export class ProviderSplit {
  private readonly active: number[];

  constructor(private readonly strategy: readonly StrategyItem[]) {
    this.active = strategy.map(() => 0);
  }

  /** The provider of the next task, counted as active from now on. */
  place(): string {
    const at = nextProvider(this.strategy, this.active);
    this.active[at]!++;
    return this.strategy[at]!.capacityProvider;
  }

  /**
   * How many of `count` tasks to stop on each provider when scaling in: toward
   * the split a service of the smaller count would run (so a base stays a
   * floor, as AWS documents it), each from the provider most above it. How ECS
   * picks is not documented: this choice is ours.
   */
  stopQuotas(count: number): Map<string, number> {
    const s = this.strategy;
    const active = [...this.active];
    const total = active.reduce((a, b) => a + b, 0);
    const target = splitOf(s, Math.max(0, total - count));
    const quotas = new Map<string, number>();
    for (let k = 0; k < Math.min(count, total); k++) {
      let at = -1;
      for (let i = 0; i < s.length; i++) if (active[i]! > 0 && (at < 0 || active[i]! - target[i]! > active[at]! - target[at]!)) at = i;
      active[at]!--;
      quotas.set(s[at]!.capacityProvider, (quotas.get(s[at]!.capacityProvider) ?? 0) + 1);
    }
    return quotas;
  }

  /** How many more tasks `provider` can lose before it runs fewer than its base. */
  aboveBase(provider: string): number {
    const i = this.strategy.findIndex((p) => p.capacityProvider === provider);
    return i < 0 ? Number.POSITIVE_INFINITY : this.active[i]! - this.strategy[i]!.base;
  }

  /** A task on `provider` is no longer active (stopping or stopped). */
  left(provider: string): void {
    const i = this.strategy.findIndex((p) => p.capacityProvider === provider);
    if (i >= 0 && this.active[i]! > 0) this.active[i]!--;
  }
}
