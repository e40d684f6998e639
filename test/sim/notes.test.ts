// The sentences the CLI's table and the page's "What just happened" say: what
// is our model is marked where it happens, and exit codes say what they are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { childNote, exitCodeMeaning, taskNote } from '../../src/sim/notes.ts';
import { reasonWording, STOP_CODE_MEANING } from '../../machines/stop.teaching.ts';
import { repoRoot, run } from '../support/scenarios.ts';

const preset = (file: string, edit: (o: Record<string, any>) => void = () => {}) => {
  const o = JSON.parse(readFileSync(join(repoRoot, 'public/scenarios', file), 'utf8'));
  edit(o);
  return run(parseScenario(JSON.stringify(o)));
};
/** The task's own changes of state, `from → to` with their sentence (not its desired status: a stop route is about states). */
const taskMoves = (sim: ReturnType<typeof preset>) => sim.trace.filter((e) => e.actor === 'task' && e.from && !e.from.startsWith('desired')).map((e) => ({ move: `${e.from} → ${e.to}`, note: e.note }));
const marked = (sim: ReturnType<typeof preset>) => taskMoves(sim).filter((m) => m.note.includes('[our model')).map((m) => m.move);

describe('the stop routes AWS does not document', () => {
  it('should be marked our model where a task that never ran undoes what was done, and nowhere else', () => {
    // a failed pull of an awsvpc task: AWS documents PENDING → STOPPED; through DEPROVISIONING is ours
    expect(marked(preset('image-pull-fails.json'))).toEqual(['PENDING → DEPROVISIONING']);
    // a dependency gives up: its running container is stopped
    expect(marked(preset('dependency-timeout.json'))).toEqual(['PENDING → STOPPING']);
    // AWS documents the interface that timed out going through DEPROVISIONING
    const eni = preset('eni-timeout.json');
    expect(taskMoves(eni).map((m) => m.move)).toContain('PROVISIONING → DEPROVISIONING');
    expect(marked(eni)).toEqual([]);
    // the same route for a stop before the interface attached: ours
    expect(marked(preset('fargate-web.json', (o) => (o.timeline = [{ at: 3, action: 'StopTask' }])))).toEqual(['PROVISIONING → DEPROVISIONING']);
    // PROVISIONING → STOPPED: documented for a capacity wait that gives up, ours for a StopTask while waiting
    const waiting = (o: Record<string, any>) => {
      for (const f of o.faults ?? []) delete f.capacityAfterSeconds;
    };
    expect(marked(preset('no-capacity.json', waiting))).toEqual([]);
    expect(marked(preset('no-capacity.json', (o) => (waiting(o), (o.timeline = [{ at: 100, action: 'StopTask' }]))))).toEqual(['PROVISIONING → STOPPED']);
    // the documented stop of a running task, and the way forward: no mark
    expect(marked(preset('fargate-web.json'))).toEqual([]);
  });

  it('should mark the step past STOPPING of a task that failed in ACTIVATING with no container left, and only in a stop', () => {
    const c = { stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', capacity: null, eni: 'ATTACHED', targets: ['draining'], containers: { web: { lastStatus: 'STOPPED' } }, spot: 'NONE', registry: null } as unknown as Parameters<typeof taskNote>[2];
    expect(taskNote('DEACTIVATING', 'DEPROVISIONING', c, 300)).toContain('[our model: STOPPING skipped, as the task never ran and no container runs any more]');
    expect(taskNote('DEACTIVATING', 'STOPPING', c, 300)).not.toContain('[our model');
    expect(taskNote('PENDING', 'STOPPED', c, 300)).not.toContain('[our model');
    // the way forward is documented, whatever the two statuses
    expect(taskNote('PENDING', 'ACTIVATING', { ...c, stopCode: null }, 300)).not.toContain('[our model');
  });
});

describe('the way forward in words', () => {
  it('should name in ACTIVATING only what this task registers with', () => {
    const c = { stopCode: null, capacity: null, eni: 'ATTACHED', targets: ['registering'], containers: {}, spot: 'NONE', registry: null } as unknown as Parameters<typeof taskNote>[2];
    expect(taskNote('PENDING', 'ACTIVATING', c, 300)).toMatch(/with its load balancer target$/);
    expect(taskNote('PENDING', 'ACTIVATING', { ...c, targets: ['registering', 'registering'], registry: 'REGISTERING' } as typeof c, 300)).toMatch(/with its load balancer targets and Cloud Map$/);
    expect(taskNote('PENDING', 'ACTIVATING', { ...c, targets: [], registry: 'REGISTERING' } as typeof c, 300)).toMatch(/with Cloud Map$/);
  });
});

describe('exit codes and stop codes in words', () => {
  it('should say which signal ended a process above 128, and nothing for a plain failure', () => {
    expect(exitCodeMeaning(139)).toBe('128 + 11: ended by SIGSEGV, a crash');
    expect(exitCodeMeaning(137)).toContain('SIGKILL, often the kernel’s out-of-memory killer');
    // not "unhandled": a JVM that shuts down cleanly on SIGTERM exits 143 too
    expect(exitCodeMeaning(143)).toBe('128 + 15: ended by SIGTERM (a JVM exits with it after a clean shutdown too)');
    expect(exitCodeMeaning(127)).toBe('the command was not found');
    for (const code of [0, 1, 2, 128, 255]) expect(exitCodeMeaning(code), String(code)).toBeNull();
  });

  it('should explain a code where a container ended by itself, not where the agent killed it at its stopTimeout', () => {
    expect(childNote('container-web', 'STOPPED', { exitCode: 139, reason: null, signals: [] })).toBe('exited with code 139 = 128 + 11: ended by SIGSEGV, a crash');
    expect(childNote('container-web', 'STOPPED', { exitCode: 137, reason: null, signals: ['SIGTERM', 'SIGKILL'] })).toBe('exited with code 137 after SIGKILL (stopTimeout reached)');
    expect(childNote('container-web', 'STOPPED', { exitCode: 1, reason: null, signals: [] })).toBe('exited with code 1');
  });

  it('should mark the stoppedReason words that are ours, and never a reason someone gave StopTask', () => {
    const ours = (file: string, edit?: (o: Record<string, any>) => void) => {
      const v = preset(file, edit).view();
      return { reason: v.stoppedReason, note: reasonWording(v.stopCode!, v.stoppedReason) };
    };
    // AWS's words
    for (const file of ['image-pull-fails.json', 'eni-timeout.json', 'fargate-web.json', 'sidecar-crash.json', 'secret-not-found.json', 'spot-interruption.json'])
      expect(ours(file).note, file).toBeNull();
    // the agent's, read from its code: not AWS's documented words either
    expect(ours('dependency-timeout.json').note).toContain('The ECS agent’s words for a dependency that can never hold, as we read them in its code');
    // ours, after AWS's error name
    const failedTarget = ours('fargate-web.json', (o) => (o.faults = [{ step: 'RegisterTargets' }]));
    expect(failedTarget.reason).toMatch(/^ResourceInitializationError: failed to register/);
    expect(failedTarget.note).toContain('the words after it are ours');
    // borrowed: no capacity ever comes
    const gaveUp = ours('no-capacity.json', (o) => {
      for (const f of o.faults ?? []) delete f.capacityAfterSeconds;
    });
    expect(gaveUp.reason).toMatch(/^Capacity is unavailable/);
    expect(gaveUp.note).toContain('borrowed');
    // the caller's words, even when they read like ours
    for (const reason of ['Capacity is unavailable at this time in our region, moving it', 'CannotStartContainerError: ops drill', 'ResourceInitializationError: failed to register, drill'])
      expect(ours('fargate-web.json', (o) => (o.timeline = [{ at: 100, action: 'StopTask', reason }]))).toEqual({ reason, note: null });
  });

  it('should say of the Spot codes what AWS documents and what is our model, as the trace does', () => {
    // AWS's notice gives the time of the termination; what it does to what still runs is ours
    for (const code of ['SpotInterruption', 'TerminationNotice'] as const) expect(STOP_CODE_MEANING[code]).toMatch(/terminated when the two minutes are up \(documented\); that what still runs then is killed \(137\) and every drain cut short there is our model/);
  });
});
