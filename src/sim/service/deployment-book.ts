// What the world keeps of each deployment for its scheduler: how many of its
// tasks are in each phase (and what changed since the last look), which of
// them are still active in each Availability Zone, and, with a strategy of
// several capacity providers, how its tasks split between them. The service
// simulation writes to it as tasks change; the scheduler reads it each look.
import type { Deployment, DeploymentCounts } from '../../../machines/service.types.ts';
import type { CountsRow } from './service-occurrences.ts';
import { ProviderSplit, type StrategyItem } from './capacity-providers.ts';
import { countPhase, emptyCounts, isActive, takeLook, type Phase } from './task-phase.ts';

/** What the book needs of a task: its deployment and its zone. */
interface Booked {
  readonly deploymentId: string;
  readonly az: number;
}

export class DeploymentBook<T extends Booked> {
  private readonly counts = new Map<string, DeploymentCounts>();
  private readonly active = new Map<string, Set<T>[]>();
  /** active tasks of the whole service in each zone */
  private readonly azLoad: number[];
  private readonly zones: number[];
  /**
   * Each deployment's split of its tasks between the providers (our model: a
   * deployment carries its own capacityProviderStrategy, so its new tasks are
   * split by its own count, not by what the old deployment still runs).
   */
  private readonly splits = new Map<string, ProviderSplit>();

  constructor(
    private readonly azCount: number,
    /** the service's strategy, when it names more than one capacity provider */
    readonly strategy: readonly StrategyItem[] | null,
  ) {
    this.azLoad = new Array<number>(azCount).fill(0);
    this.zones = Array.from({ length: azCount }, (_, z) => z);
  }

  countsFor(id: string): DeploymentCounts {
    let k = this.counts.get(id);
    if (!k) this.counts.set(id, (k = emptyCounts()));
    return k;
  }

  activeSet(id: string): Set<T>[] {
    let sets = this.active.get(id);
    if (!sets) this.active.set(id, (sets = Array.from({ length: this.azCount }, () => new Set())));
    return sets;
  }

  get load(): readonly number[] {
    return this.azLoad;
  }

  splitFor(deploymentId: string): ProviderSplit | null {
    if (!this.strategy) return null;
    let split = this.splits.get(deploymentId);
    if (!split) this.splits.set(deploymentId, (split = new ProviderSplit(this.strategy)));
    return split;
  }

  /** An existing split, if the deployment has one (stops taken from it keep its quotas). */
  splitOf(deploymentId: string): ProviderSplit | undefined {
    return this.splits.get(deploymentId);
  }

  /** The zones to place a deployment's next task in, best first: its own tasks balanced first (old ones will drain away), then the service's as a whole. */
  zonesFor(deploymentId: string): number[] {
    const own = this.activeSet(deploymentId);
    return this.zones.slice().sort((a, b) => own[a]!.size - own[b]!.size || this.azLoad[a]! - this.azLoad[b]! || a - b);
  }

  launched(task: T): void {
    this.activeSet(task.deploymentId)[task.az]!.add(task);
    this.azLoad[task.az]!++;
    this.countsFor(task.deploymentId).pending++;
  }

  /** A task moved from one phase to another; `provider`: its capacity provider, if it has one. */
  moved(task: T, from: Phase, to: Phase, provider: string | null): void {
    const k = this.countsFor(task.deploymentId);
    countPhase(k, from, -1);
    countPhase(k, to, +1);
    if (isActive(from) && !isActive(to)) {
      this.activeSet(task.deploymentId)[task.az]!.delete(task);
      this.azLoad[task.az]!--;
      if (provider) this.splitFor(task.deploymentId)?.left(provider);
    }
  }

  /** The counts as the scheduler reads them this look; what is "newly" so starts again from none. */
  look(): Record<string, DeploymentCounts> {
    return takeLook(this.counts);
  }

  /**
   * A deployment gone from the list with no task left changes no count again:
   * forget it, or every look copies every deployment there ever was.
   */
  forgetGone(listed: readonly Deployment[]): void {
    if (this.counts.size <= listed.length) return;
    const ids = new Set(listed.map((d) => d.id));
    for (const [id, k] of this.counts) if (!ids.has(id) && k.pending + k.running + k.stopping === 0) this.counts.delete(id);
  }

  /** Each listed deployment as a row of the counts table. */
  rows(listed: readonly Deployment[]): CountsRow['deployments'] {
    return listed.map((d) => {
      const k = this.counts.get(d.id) ?? emptyCounts();
      return { id: d.id, taskDefinition: d.taskDefinition, status: d.status, rolloutState: d.rolloutState, pending: k.pending, running: k.running, healthy: k.healthy, stopping: k.stopping, failedTasks: d.failedTasks };
    });
  }
}
