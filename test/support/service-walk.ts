// One random walk of the service machine in its environment model: a
// sequence of world moves, scheduler ticks and UpdateService calls, then a
// quiet world until nothing changes. Every step is checked; the trace names
// each step so a shrunk counterexample reads like a story.
import type { InspectionEvent } from 'xstate';
import type { ServiceSettings } from '../../machines/service.types.ts';
import { endViolations, stepViolations, type Invariant, type Step, type Violation } from './service-invariants.ts';
import { ServiceWorld } from './service-world.ts';

export type Op = { op: 'tick' | 'world' | 'progress' | 'wait' | 'scale' | 'deploy'; n: number };

export interface WalkInput {
  settings: ServiceSettings;
  desiredCount: number;
  ops: Op[];
  /** seeds the world's own choices (which task a stop or a crash takes) */
  seed: number;
}

export type Found = Violation & { step: number; name: string };

export interface WalkResult {
  trace: string[];
  /** every violation found; the walk goes on past those of a tolerated invariant only */
  violations: Found[];
  /** what the walk exercised, for the decision coverage line */
  reached: Set<string>;
}

const MAX_UPDATES = 6;
const QUIET_ROUNDS = 60;

export function walk(input: WalkInput, tolerate: ReadonlySet<Invariant> = new Set(), inspect?: (ev: InspectionEvent) => void): WalkResult {
  let s = input.seed >>> 0 || 1;
  const pick = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), (s >>> 16) % n);
  const w = new ServiceWorld(input.settings, input.desiredCount, pick, inspect);
  const trace: string[] = [`desiredCount ${input.desiredCount}, ${JSON.stringify(input.settings.circuitBreaker)} ${input.settings.minimumHealthyPercent}/${input.settings.maximumPercent}`];
  const violations: Found[] = [];
  const stopped = () => violations.some((v) => !tolerate.has(v.invariant));
  const reached = new Set<string>();
  let updates = 0;

  const step = (name: string, run: () => Pick<Step, 'tick' | 'notices'>) => {
    const before = { state: w.state, deployments: w.context.deployments.map((d) => ({ ...d })) };
    const r = run();
    const stepped: Step = { name, before, ...r };
    note(reached, stepped, w.state);
    const detail = r.tick ? describeTick(r.tick) : '';
    trace.push(`${name}${detail}`);
    for (const v of stepViolations(w, stepped)) violations.push({ ...v, step: trace.length - 1, name });
  };
  const tick = () => step(`tick @${w.now + 1000}`, () => {
    const t = w.tick();
    return { tick: t, notices: t.notices };
  });

  for (const o of input.ops) {
    if (stopped()) break;
    if (o.op === 'tick') tick();
    else if (o.op === 'progress') step('time passes', () => (w.progress(), { notices: [] }));
    else if (o.op === 'wait') {
      if (w.waitForBackOff()) tick();
    } else if (o.op === 'world') {
      const moves = w.moves();
      const m = moves[o.n % Math.max(1, moves.length)];
      if (m) step(m.name, () => (m.run(), { notices: [] }));
    } else if (updates < MAX_UPDATES) {
      updates++;
      if (o.op === 'scale') step(`UpdateService desiredCount ${o.n % 6}`, () => ({ notices: w.update({ desiredCount: o.n % 6 }) }));
      else if (o.n % 3 === 2) step('UpdateService forceNewDeployment', () => ({ notices: w.update({ force: true }) }));
      else {
        const revision = w.newRevision();
        const broken = o.n % 2 === 0;
        step(`UpdateService revision ${revision}${broken ? ' (broken)' : ''}`, () => ({ notices: w.update({ revision, broken }) }));
      }
    }
  }
  // The quiet world: tasks succeed, stops finish; the scheduler ticks (woken after a back-off) until nothing moves.
  for (let i = 0; i < QUIET_ROUNDS && !stopped(); i++) {
    const settled = w.idle && w.state === 'STEADY';
    step('quiet world', () => (w.settle(), { notices: [] }));
    w.waitForBackOff();
    tick();
    if (settled && w.idle && w.state === 'STEADY') break;
  }
  if (!stopped()) violations.push(...endViolations(w).map((v) => ({ ...v, step: trace.length, name: 'at the end' })));
  return { trace, violations, reached };
}

function describeTick(t: ReturnType<ServiceWorld['tick']>): string {
  const parts = [
    ...t.launches.map((l) => `launch ${l.count} of ${l.deploymentId}`),
    ...t.stops.map((s) => `stop ${s.count} of ${s.deploymentId} (${s.prefer})`),
    ...t.notices.map((n) => `${n.eventName}${n.deploymentId ? ` ${n.deploymentId}` : ''}`),
  ];
  const counts = Object.entries(t.before).map(([id, k]) => `${id} p${k.pending} r${k.running} h${k.healthy} u${k.unhealthy} s${k.stopping}${k.newlyFailed ? ` f${k.newlyFailed}` : ''}`);
  return ` [${counts.join('; ')}]${parts.length ? ` → ${parts.join(', ')}` : ''}`;
}

/** The scheduler's decisions a walk exercised: notices, stop preferences, rollout moves, throttling. */
function note(reached: Set<string>, step: Step, state: string) {
  for (const n of step.notices) reached.add(`notice ${n.eventName}`);
  for (const s of step.tick?.stops ?? []) reached.add(`stop ${s.prefer}`);
  if (step.tick?.launches.length) reached.add('launch');
  if (step.notices.some((n) => n.eventName === 'SERVICE_TASK_START_IMPAIRED')) reached.add('launch throttled');
  const was = new Map(step.before.deployments.map((d) => [d.id, d.rolloutState]));
  for (const n of step.notices) if (n.rollingBackTo !== undefined) reached.add(`rollback to a ${was.get(n.rollingBackTo)} deployment`);
  if (state === 'STEADY' && step.before.state !== 'STEADY') reached.add('steady');
}

/** A failed walk as a story: the violations, then every step. */
export const report = (r: WalkResult, only?: Invariant) =>
  `${r.violations.filter((v) => !only || v.invariant === only).map((v) => `step ${v.step} (${v.name}): ${v.detail} [${v.invariant}]`).join('\n')}\n--- trace ---\n${r.trace.map((t, i) => `${i}. ${t}`).join('\n')}`;

export const DECISIONS = [
  'notice SERVICE_STEADY_STATE',
  'notice SERVICE_TASK_START_IMPAIRED',
  'notice SERVICE_DEPLOYMENT_IN_PROGRESS',
  'notice SERVICE_DEPLOYMENT_COMPLETED',
  'notice SERVICE_DEPLOYMENT_FAILED',
  'stop unhealthy',
  'stop pending',
  'stop notHealthy',
  'stop any',
  'launch',
  'launch throttled',
  'rollback to a COMPLETED deployment',
  'steady',
];
