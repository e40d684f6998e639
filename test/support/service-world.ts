// The environment model of the service scheduler: a small abstract world
// that runs the tasks the real service machine asks for, as counts per
// deployment. Launched tasks are pending; a pending task starts (running),
// then counts as healthy, or fails to start; running tasks may fail a health
// check or crash; stopped tasks drain (stopping), then finish. The world
// reports its counts on every scheduler tick, as ServiceSimulation does.
import { createActor, type InspectionEvent } from 'xstate';
import { serviceMachine } from '../../machines/service.machine.ts';
import { emptyCounts, takeLook } from '../../src/sim/service/task-phase.ts';
import type { DeploymentCounts, Launch, ServiceNotice, ServiceSettings, Stop } from '../../machines/service.types.ts';

export const TICK_MS = 1000;

/** What one tick asked for and what the world did with it. */
export interface TickRecord {
  before: Record<string, DeploymentCounts>;
  launches: Launch[];
  stops: Stop[];
  /** healthy tasks the world stopped for this tick's stops */
  healthyStopped: number;
  notices: ServiceNotice[];
}


/** running counts every RUNNING task, healthy and unhealthy ones included (as the simulation counts). */
type Kind = 'pending' | 'runningOnly' | 'healthy' | 'unhealthy';

export class ServiceWorld {
  readonly actor;
  readonly counts = new Map<string, DeploymentCounts>();
  /** revisions whose tasks can only fail to start (an image that cannot be pulled) */
  readonly broken = new Set<number>();
  readonly revisionOf = new Map<string, number>();
  now = 0;
  notices: ServiceNotice[] = [];
  private launches: Launch[] = [];
  private stops: Stop[] = [];
  private nextRevision = 2;

  constructor(
    settings: ServiceSettings,
    desiredCount: number,
    /** picks one of `n` choices (the random walk's source of nondeterminism) */
    private readonly pick: (n: number) => number,
    inspect?: (ev: InspectionEvent) => void,
  ) {
    const deploymentIds = Array.from({ length: 32 }, (_, i) => `ecs-svc/${i + 1}`);
    this.actor = createActor(serviceMachine, { input: { settings, desiredCount, deploymentIds }, ...(inspect ? { inspect } : {}) });
    this.actor.on('service.launch', (e) => this.launches.push(...e.launches));
    this.actor.on('service.stop', (e) => this.stops.push(...e.stops));
    this.actor.on('service.notice', (e) => this.notices.push(...e.notices));
    this.actor.start();
    this.update({ revision: 1 });
  }

  get context() {
    return this.actor.getSnapshot().context;
  }

  get state(): string {
    return String(this.actor.getSnapshot().value);
  }

  of(id: string): DeploymentCounts {
    let k = this.counts.get(id);
    if (!k) this.counts.set(id, (k = emptyCounts()));
    return k;
  }

  /** UpdateService: a new desired count, a new revision (maybe broken), or both; or the running revision again (force). */
  update(u: { desiredCount?: number; revision?: number; broken?: boolean; force?: boolean }): ServiceNotice[] {
    this.notices = [];
    if (u.revision !== undefined && u.revision > 1) this.nextRevision = u.revision + 1;
    if (u.broken && u.revision !== undefined) this.broken.add(u.revision);
    this.actor.send({
      type: 'service.updated',
      ...(u.desiredCount !== undefined ? { desiredCount: u.desiredCount } : {}),
      ...(u.revision !== undefined ? { taskDefinition: `web:${u.revision}` } : {}),
      ...(u.force ? { forceNewDeployment: true } : {}),
    });
    return this.notices;
  }

  newRevision(): number {
    return this.nextRevision++;
  }

  /** The scheduler reconciles: counts go out, commands come back and are applied at once. */
  tick(): TickRecord {
    this.now += TICK_MS;
    const before = takeLook(this.counts);
    this.notices = [];
    this.launches = [];
    this.stops = [];
    this.actor.send({ type: 'scheduler.tick', now: this.now, counts: before });
    let healthyStopped = 0;
    for (const s of this.stops) healthyStopped += this.stop(s);
    for (const l of this.launches) {
      this.revisionOf.set(l.deploymentId, Number(l.taskDefinition.split(':')[1]));
      this.of(l.deploymentId).pending += l.count;
    }
    return { before, launches: this.launches, stops: this.stops, healthyStopped, notices: this.notices };
  }

  /** A throttled scheduler is woken when the back-off ends (the simulation's wake-up). */
  waitForBackOff(): boolean {
    const until = this.context.launchNotBefore - TICK_MS;
    if (until <= this.now) return false;
    this.now = until;
    return true;
  }

  /**
   * Stop `count` tasks: those `prefer` names first, then (for `pending` and
   * `any`) any the world likes; `unhealthy` and `notHealthy` take only those
   * (the contract says no more; the simulation chooses by Availability Zone).
   * Returns how many healthy tasks it stopped.
   */
  private stop(s: Stop): number {
    const k = this.of(s.deploymentId);
    const first: Kind[] =
      s.prefer === 'unhealthy' ? ['unhealthy'] : s.prefer === 'notHealthy' ? ['pending', 'runningOnly', 'unhealthy'] : s.prefer === 'pending' ? ['pending', 'runningOnly', 'unhealthy'] : [];
    const strict = s.prefer === 'unhealthy' || s.prefer === 'notHealthy';
    let healthy = 0;
    for (let i = 0; i < s.count; i++) {
      const kinds = this.kinds(k).filter((x) => first.includes(x));
      const kind = kinds.length ? kinds[0]! : strict ? null : this.choose(this.kinds(k));
      if (!kind) break;
      this.take(k, kind);
      k.stopping++;
      if (kind === 'healthy') healthy++;
    }
    return healthy;
  }

  private kinds(k: DeploymentCounts): Kind[] {
    const out: Kind[] = [];
    if (k.pending) out.push('pending');
    if (k.running - k.healthy - k.unhealthy > 0) out.push('runningOnly');
    if (k.healthy) out.push('healthy');
    if (k.unhealthy) out.push('unhealthy');
    return out;
  }

  private choose<T>(xs: T[]): T | null {
    return xs.length ? xs[this.pick(xs.length)]! : null;
  }

  private take(k: DeploymentCounts, kind: Kind) {
    if (kind === 'pending') k.pending--;
    else {
      k.running--;
      if (kind === 'healthy') k.healthy--;
      if (kind === 'unhealthy') k.unhealthy--;
    }
  }

  /** Everything a task of the world may do next, named for the trace. */
  moves(): { name: string; run: () => void }[] {
    const out: { name: string; run: () => void }[] = [];
    for (const [id, k] of this.counts) {
      const broken = this.broken.has(this.revisionOf.get(id) ?? 1);
      const runningOnly = k.running - k.healthy - k.unhealthy;
      if (k.pending && !broken) out.push({ name: `${id} task started`, run: () => (k.pending--, k.running++, k.newlyRunning++) });
      if (k.pending) out.push({ name: `${id} task failed to start`, run: () => (k.pending--, k.stopping++, k.newlyFailed++) });
      if (runningOnly) out.push({ name: `${id} task healthy`, run: () => (k.healthy++, k.newlyHealthy++) });
      // a failed health check counts for the circuit breaker when it is found (not the throttle)
      if (runningOnly) out.push({ name: `${id} task failed its health check`, run: () => (k.unhealthy++, k.newlyFailedAfterRunning++) });
      if (k.running) out.push({ name: `${id} task crashed`, run: () => this.crash(k) });
      if (k.stopping) out.push({ name: `${id} task stopped`, run: () => k.stopping-- });
    }
    return out;
  }

  private crash(k: DeploymentCounts) {
    const kind = this.choose(this.kinds(k).filter((x) => x !== 'pending'))!;
    this.take(k, kind);
    k.stopping++;
    // a crash before the task was ever healthy counts for the circuit breaker (an unhealthy one counted already)
    if (kind === 'runningOnly') k.newlyFailedAfterRunning++;
  }

  /** Time passes: every task moves one stage on (pending tasks of a broken revision fail to start). */
  progress(): void {
    for (const [id, k] of this.counts) {
      const broken = this.broken.has(this.revisionOf.get(id) ?? 1);
      k.stopping = 0;
      k.newlyHealthy += k.running - k.unhealthy - k.healthy;
      k.healthy = k.running - k.unhealthy;
      if (broken) (k.stopping += k.pending), (k.newlyFailed += k.pending);
      else (k.running += k.pending), (k.newlyRunning += k.pending);
      k.pending = 0;
    }
  }

  /** The quiet world: no changes, no failures; every task starts, turns healthy, and every stop finishes. */
  settle(): void {
    for (const k of this.counts.values()) {
      k.stopping = 0;
      const runningOnly = k.running - k.healthy - k.unhealthy;
      k.healthy += runningOnly;
      k.newlyRunning += k.pending;
      k.running += k.pending;
      k.pending = 0;
    }
  }

  /** Nothing pending, starting or stopping anywhere. */
  get idle(): boolean {
    return [...this.counts.values()].every((k) => k.pending === 0 && k.stopping === 0 && k.running === k.healthy);
  }
}

export const active = (k: DeploymentCounts) => k.pending + k.running;
