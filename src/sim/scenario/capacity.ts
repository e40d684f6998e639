// What a PlaceTask fault ("no capacity") means depends on where the tasks
// run. On an EC2 Auto Scaling group capacity provider a task waits in
// PROVISIONING while the group scales out. In a service whose strategy uses
// FARGATE_SPOT, Spot capacity runs out: the scheduler cannot place the tasks
// its strategy puts on Spot and retries until capacity is back, and it does
// not put them on on-demand FARGATE instead (DG-FSPOT: "Fargate does not
// replace Spot capacity with on-demand capacity").
import type { Fault, Scenario } from './types.ts';

export type PlaceTaskFault = Extract<Fault, { step: 'PlaceTask' }>;

const placeTask = (s: Pick<Scenario, 'faults'>) => s.faults.find((f): f is PlaceTaskFault => f.step === 'PlaceTask') ?? null;

/** The service's strategy puts tasks on FARGATE_SPOT. */
export function usesFargateSpot(s: Partial<Pick<Scenario, 'service'>>): boolean {
  return s.service?.capacityProviderStrategy?.some((p) => p.capacityProvider === 'FARGATE_SPOT' && (p.weight > 0 || p.base > 0)) ?? false;
}

/** The wait in PROVISIONING for an Auto Scaling group instance, or null. */
export function capacityWait(s: Pick<Scenario, 'faults' | 'launchType'>): PlaceTaskFault | null {
  return s.launchType === 'EC2' ? placeTask(s) : null;
}

/** Fargate Spot running out under a service, or null. */
export function spotShortage(s: Pick<Scenario, 'faults' | 'launchType' | 'service'>): PlaceTaskFault | null {
  return s.launchType === 'FARGATE' && usesFargateSpot(s) ? placeTask(s) : null;
}

/** Whether Spot has no capacity at `ms` of virtual time into the run. */
export const spotShortAt = (f: PlaceTaskFault, ms: number) => ms >= f.fromSeconds * 1000 && (f.capacityAfterSeconds === null || ms < f.capacityAfterSeconds * 1000);

/** A strategy as people read it: `FARGATE base 1 weight 1, FARGATE_SPOT weight 3`. */
export const describeStrategy = (strategy: readonly { capacityProvider: string; weight: number; base: number }[]) =>
  strategy.map((p) => `${p.capacityProvider}${p.base ? ` base ${p.base}` : ''} weight ${p.weight}`).join(', ');
