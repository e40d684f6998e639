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

  /** A task on `provider` is no longer active (stopping or stopped). */
  left(provider: string): void {
    const i = this.strategy.findIndex((p) => p.capacityProvider === provider);
    if (i >= 0 && this.active[i]! > 0) this.active[i]!--;
  }
}
