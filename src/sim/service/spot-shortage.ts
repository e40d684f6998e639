// Fargate Spot running out under a service (a PlaceTask fault on a service
// using FARGATE_SPOT): the tasks its strategy puts on Spot are not placed,
// the on-demand share still is, and ECS retries on Spot rather than use
// FARGATE instead (DG-FSPOT: "Fargate does not replace Spot capacity with
// on-demand capacity").
import { spotShortAt, type PlaceTaskFault } from '../scenario/capacity.ts';
import type { ProviderSplit } from './capacity-providers.ts';

export interface SpotWorld {
  now(): number;
  setTimeout(fn: () => void, ms: number): void;
  /** a note of the world's, for the table and the page */
  note(text: string): void;
  /** SERVICE_TASK_PLACEMENT_FAILURE with reason RESOURCE:FARGATE */
  placementFailed(): void;
  /** the scheduler should look again */
  wake(): void;
}

export class SpotShortage {
  /** the last launch found no Spot capacity, and nothing has been placed on Spot or settled since */
  private isFailing = false;

  get failing(): boolean {
    return this.isFailing;
  }

  /** The service is steady: no launch is failing for want of Spot any more. */
  settled(): void {
    this.isFailing = false;
  }
  /** Spot tasks of the current launch that were not placed */
  private short = 0;

  constructor(
    private readonly fault: PlaceTaskFault,
    private readonly world: SpotWorld,
  ) {
    // Out at fromSeconds, back at capacityAfterSeconds: ECS retries the launches that failed
    // until then; here the scheduler looks again when the capacity is back.
    if (fault.fromSeconds > 0) world.setTimeout(() => world.note('Fargate Spot capacity runs out: no new task can be placed on FARGATE_SPOT (the PlaceTask fault begins)'), fault.fromSeconds * 1000);
    if (fault.capacityAfterSeconds !== null)
      world.setTimeout(() => {
        world.note('Fargate Spot capacity is back: tasks can be placed on FARGATE_SPOT again (the PlaceTask fault ends)');
        world.wake();
      }, fault.capacityAfterSeconds * 1000);
  }

  /** Whether a task on `provider` can be placed now; one that cannot is counted for this launch. */
  places(provider: string | null): boolean {
    if (provider !== 'FARGATE_SPOT') return true;
    if (!spotShortAt(this.fault, this.world.now())) {
      this.isFailing = false;
      return true;
    }
    this.short++;
    return false;
  }

  /**
   * The launch is over: the Spot tasks it could not place give their share
   * back (so the split handed the other providers theirs), and the failure is
   * said once until a Spot task is placed again or the service settles.
   */
  launchEnded(split: ProviderSplit | null): void {
    const n = this.short;
    this.short = 0;
    for (let i = 0; i < n; i++) split?.left('FARGATE_SPOT');
    if (n === 0 || this.isFailing) return;
    this.isFailing = true;
    this.world.note(`${n === 1 ? 'a task' : `${n} tasks`} not placed: Fargate Spot has no capacity (SERVICE_TASK_PLACEMENT_FAILURE, RESOURCE:FARGATE); ECS retries on Spot and does not use on-demand FARGATE instead`);
    this.world.placementFailed();
  }
}
