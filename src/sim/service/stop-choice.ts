// Which tasks of a deployment the scheduler stops. A scale-in keeps
// Availability Zones balanced (always from the busiest zone), takes the tasks
// not yet healthy first when asked to, within that balance, packs instances when the service packs,
// and keeps the capacity providers' split; an unhealthy task is replaced
// oldest first, whatever its zone.
import type { Stop } from '../../../machines/service.types.ts';
import type { ServicePlacement } from './placement.ts';
import type { ServiceTask } from './service-task.ts';

/** How far along a task is, for choosing between zones as busy: the scheduler loses least by stopping a task not yet running. */
const progress = (t: ServiceTask) => (t.phase === 'pending' ? 0 : t.phase === 'healthy' ? 2 : 1);

export function chooseStops(
  sets: readonly Set<ServiceTask>[],
  s: Stop,
  azLoad: readonly number[],
  placement: ServicePlacement | null,
  /** several capacity providers only: how many to stop on each, and how many each can lose before it runs below its base */
  providers: { quotas: Map<string, number>; aboveBase(provider: string): number } | undefined,
): Set<ServiceTask> {
  const quotas = providers?.quotas;
  const wanted = (t: ServiceTask) =>
    s.prefer === 'unhealthy' ? t.phase === 'unhealthy' : s.prefer === 'notHealthy' ? t.phase !== 'healthy' : s.prefer === 'pending' ? t.phase === 'pending' : true;
  const chosen = new Set<ServiceTask>();
  const load = [...azLoad];
  const notHealthy = (t: ServiceTask) => t.phase !== 'healthy';
  // An unhealthy task is replaced, not scaled in: the oldest goes first (start order), whatever
  // its zone (by zone, a lone task in a quiet zone was never picked while its neighbours churned).
  if (s.prefer === 'unhealthy') {
    const unhealthy = sets.flatMap((set) => [...set].filter(wanted)).sort((a, b) => a.index - b.index);
    unhealthy.slice(0, s.count).forEach((t) => chosen.add(t));
    return chosen;
  }
  // Several capacity providers keep their split, each base a floor. Within each pass (pending
  // tasks first, which comes before the split), a task is taken from a provider while its quota
  // lasts, then from any provider still above its base; below a base only when nothing else is left.
  const provider = (t: ServiceTask) => t.scenario.capacityProviderName ?? '';
  const lost = new Map<string, number>();
  const inQuota = (t: ServiceTask) => (quotas!.get(provider(t)) ?? 0) > 0;
  const spare = (t: ServiceTask) => providers!.aboveBase(provider(t)) - (lost.get(provider(t)) ?? 0) > 0;
  const passes: ((t: ServiceTask) => boolean)[] = s.prefer === 'pending' ? [wanted, notHealthy, () => true] : [wanted];
  const fenced = providers
    ? [...passes.flatMap((p) => [(t: ServiceTask) => p(t) && inQuota(t), (t: ServiceTask) => p(t) && spare(t)]), () => true]
    : passes;
  const taken = (t: ServiceTask) => {
    lost.set(provider(t), (lost.get(provider(t)) ?? 0) + 1);
    if (quotas?.has(provider(t))) quotas.set(provider(t), quotas.get(provider(t))! - 1);
  };
  /** this deployment's tasks in each zone not chosen yet */
  const remaining = sets.map((set) => set.size);
  for (const pass of fenced) {
    // (packing is EC2 instances', which never go with a capacity provider: no quota there)
    const packed = placement?.packs && placement.packedStops(sets.flatMap((set) => [...set].filter((t) => pass(t) && !chosen.has(t))), s.count - chosen.size);
    if (packed) {
      packed.forEach((t) => (chosen.add(t), remaining[t.az]!--));
      continue;
    }
    // Walk each zone's tasks lazily: a stop of k tasks looks at about k of
    // them, not at every task of the deployment. The last pass of a scale-in
    // takes any task, each zone's least far along first: between zones as
    // busy, a pending task then goes before a running one (a sort, once).
    const ordered = s.prefer === 'pending' && pass === fenced.at(-1);
    const walkers = sets.map((set) => (ordered ? [...set].sort((a, b) => progress(a) - progress(b)) : set).values());
    const take = (z: number): ServiceTask | undefined => {
      for (let r = walkers[z]!.next(); !r.done; r = walkers[z]!.next()) if (pass(r.value) && !chosen.has(r.value)) return r.value;
      return undefined;
    };
    const next = walkers.map((_, z) => take(z));
    while (chosen.size < s.count) {
      // a task found before its provider's quota ran out may not be taken any more
      for (let z = 0; z < next.length; z++) if (next[z] && !pass(next[z]!)) next[z] = take(z);
      // A scale-in puts balance before preference: a pass takes only from the busiest zone
      // this deployment still has a task in, so stopping pending tasks never empties their
      // zone (the last pass takes any task, so the count is met). The ceiling's stops of tasks
      // not yet healthy must find them wherever they are, and a capacity provider's base
      // (documented as a minimum) comes before balance.
      let busiest = -1;
      if (s.prefer !== 'notHealthy' && !providers) for (let z = 0; z < sets.length; z++) if (remaining[z]! > 0 && (busiest < 0 || load[z]! > load[busiest]!)) busiest = z;
      let zone = -1;
      for (let z = 0; z < next.length; z++) {
        if (!next[z] || (busiest >= 0 && load[z] !== load[busiest])) continue;
        // among zones as busy, the one whose task is least far along: a pending task
        // goes before one that runs, and that before a healthy one (zone order last)
        if (zone < 0 || load[z]! > load[zone]! || (load[z] === load[zone] && progress(next[z]!) < progress(next[zone]!))) zone = z;
      }
      if (zone < 0) break;
      remaining[zone]!--;
      chosen.add(next[zone]!);
      taken(next[zone]!);
      load[zone]!--;
      next[zone] = take(zone);
    }
  }
  return chosen;
}
