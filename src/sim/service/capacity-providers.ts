// Which capacity provider each new task of a service lands on, by its
// strategy (CapacityProviderStrategyItem): the provider with a base gets
// tasks until it runs that many, then the rest are split by weight. Counted
// over the service's active tasks, as the scheduler counts them.

export interface StrategyItem {
  capacityProvider: string;
  weight: number;
  base: number;
}

export class ProviderSplit {
  private readonly active: number[];

  constructor(private readonly strategy: readonly StrategyItem[]) {
    this.active = strategy.map(() => 0);
  }

  /** The provider of the next task, counted as active from now on. */
  place(): string {
    const s = this.strategy;
    let at = s.findIndex((p, i) => this.active[i]! < p.base);
    if (at < 0) {
      // the weighted share each would have with one more task; a tie to the one running fewer
      // (FARGATE base 1 weight 1 with FARGATE_SPOT weight 1 puts a second task on Spot), then the first listed
      const share = (i: number) => (this.active[i]! - s[i]!.base + 1) / s[i]!.weight;
      const better = (i: number) => share(i) < share(at) || (share(i) === share(at) && this.active[i]! < this.active[at]!);
      for (let i = 0; i < s.length; i++) if (s[i]!.weight > 0 && (at < 0 || better(i))) at = i;
    }
    // a strategy with only bases, all reached: the based provider takes the rest (validation ensures one exists)
    if (at < 0) at = s.findIndex((p) => p.base > 0);
    this.active[at]!++;
    return s[at]!.capacityProvider;
  }

  /**
   * How many of `count` tasks to stop on each provider when scaling in: each
   * from the provider furthest above its weighted share, and never below a
   * provider's base while another still has tasks above its own (AWS
   * documents the base as a minimum; how ECS picks among the rest is not
   * documented, so this choice is ours).
   */
  stopQuotas(count: number): Map<string, number> {
    const s = this.strategy;
    const active = [...this.active];
    const quotas = new Map<string, number>();
    for (let k = 0; k < count; k++) {
      // above its base, the share each would keep; weight 0 first (it should hold nothing above its base)
      const over = (i: number) => (s[i]!.weight === 0 ? Number.POSITIVE_INFINITY : (active[i]! - s[i]!.base) / s[i]!.weight);
      let at = -1;
      for (let i = 0; i < s.length; i++) if (active[i]! > s[i]!.base && (at < 0 || over(i) > over(at))) at = i;
      // every provider at its base: the base gives way last
      if (at < 0) for (let i = 0; i < s.length; i++) if (active[i]! > 0 && (at < 0 || s[i]!.base < s[at]!.base)) at = i;
      if (at < 0) break;
      active[at]!--;
      quotas.set(s[at]!.capacityProvider, (quotas.get(s[at]!.capacityProvider) ?? 0) + 1);
    }
    return quotas;
  }

  /** A task on `provider` is no longer active (stopping or stopped). */
  left(provider: string): void {
    const i = this.strategy.findIndex((p) => p.capacityProvider === provider);
    if (i >= 0 && this.active[i]! > 0) this.active[i]!--;
  }
}
