// A fault that never acted: a test scenario whose fault no longer fires (the
// task stopped first, the run ended first, its moment was past) no longer
// tests what it says. Each kind the trace can tell about, and the faults that
// did act, which must not be noted.
import { describe, expect, it } from 'vitest';
import { idleFaults } from '../../src/sim/idle-faults.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { fargateWeb, run, webDefinition } from '../support/scenarios.ts';

const idle = (s: ReturnType<typeof loadScenario>, untilSeconds = 3600) => {
  const sim = run(s, untilSeconds);
  return idleFaults(s, sim.trace, sim.now());
};
const task = (extra: Record<string, unknown>) => loadScenario({ taskDefinition: webDefinition(), ...extra });

describe('faults that did nothing, in a single task', () => {
  it('should say nothing of faults that acted', () => {
    expect(idle(task({ timeline: [{ at: 300, action: 'StopTask' }], faults: [{ step: 'RunContainer', container: 'web', afterSeconds: 30 }] }))).toEqual([]);
    expect(idle(task({ faults: [{ step: 'PullImage', container: 'web' }] }))).toEqual([]);
    expect(idle(task({ timeline: [{ at: 100, action: 'StopTask' }], faults: [{ step: 'StopContainer', container: 'web', ignoreSigterm: true }, { step: 'ReleaseEni', restoredAfterSeconds: 600 }] }))).toEqual([]);
    expect(idle(fargateWeb({ faults: [{ step: 'RegisterTargets' }, { step: 'RegisterInstance' }] }))).toEqual([]);
    // an interface that never attached is held in its release all the same (DETACHED, not DETACHING)
    expect(idle(task({ faults: [{ step: 'AttachEni' }, { step: 'ReleaseEni', restoredAfterSeconds: 600 }] }))).toEqual([]);
    // checks that fail for a while (a slow start), or for good
    expect(idle(fargateWeb({ faults: [{ step: 'HealthCheck', passAfterSeconds: 45 }] }))).toEqual([]);
    expect(idle(fargateWeb({ taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'true'] } }), faults: [{ step: 'HealthCheck', container: 'web' }] }))).toEqual([]);
  });

  it('should say a health check fault did nothing when the app answers by the first check, or no check ran', () => {
    expect(idle(fargateWeb({ faults: [{ step: 'HealthCheck', passAfterSeconds: 5 }] }))).toEqual([
      "faults[0] (HealthCheck) did nothing: the app answers at 5 s, by the first of the load balancer's health checks (one every 30 s), so none fails",
    ]);
    const checked = webDefinition({ healthCheck: { command: ['CMD-SHELL', 'true'] } });
    expect(idle(task({ taskDefinition: checked, timeline: [{ at: 50, action: 'StopTask' }], faults: [{ step: 'HealthCheck', container: 'web' }] }))).toEqual([
      "faults[0] (HealthCheck) did nothing: none of container web's health checks ran: the task stopped, or the run ended, before the first was due",
    ]);
  });

  it("should say a crash was due after the container's stop, or after the run's end", () => {
    const late = idle(task({ timeline: [{ at: 100, action: 'StopTask' }], faults: [{ step: 'RunContainer', container: 'web', afterSeconds: 5000 }] }));
    expect(late).toHaveLength(1);
    expect(late[0]).toMatch(/^faults\[0\] \(RunContainer\) did nothing: container web stopped at [\d.]+ s, before its crash was due at [\d.]+ s$/);
    expect(idle(task({ faults: [{ step: 'RunContainer', container: 'web', afterSeconds: 5000 }] }), 600)[0]).toMatch(/container web's crash was due at [\d.]+ s, but the run ended at 600 s$/);
  });

  it("should say a pull, a registration or a SIGTERM never came when the task stopped before it", () => {
    // the image pull fails first: nothing after PENDING happens
    const s = fargateWeb({ faults: [{ step: 'PullImage', container: 'web' }, { step: 'RegisterTargets' }, { step: 'RegisterInstance' }, { step: 'StopContainer', container: 'web', ignoreSigterm: true }] });
    const notes = idle(s);
    expect(notes).toEqual([
      expect.stringMatching(/^faults\[1\] \(RegisterTargets\) did nothing: no target was registered: the task stopped before ACTIVATING \(STOPPED at [\d.]+ s\)$/),
      expect.stringMatching(/^faults\[2\] \(RegisterInstance\) did nothing: no Cloud Map instance was registered: the task stopped before ACTIVATING/),
      'faults[3] (StopContainer) did nothing: container web was never sent SIGTERM: it never started',
    ]);
    // its process exited on its own first: the stop that follows signals no one
    expect(idle(task({ timeline: [{ at: 100, action: 'ContainerExit', container: 'web', exitCode: 1 }], faults: [{ step: 'StopContainer', container: 'web', ignoreSigterm: true }] }))).toEqual([
      'faults[0] (StopContainer) did nothing: container web was never sent SIGTERM: it had already stopped, at 100 s',
    ]);
    // stopped while the interface attaches: no pull
    expect(idle(task({ timeline: [{ at: 1, action: 'StopTask' }], faults: [{ step: 'PullImage', container: 'web' }] }))).toEqual([
      expect.stringMatching(/^faults\[0\] \(PullImage\) did nothing: container web's image was never pulled: the task stopped before its pull \(STOPPED at [\d.]+ s\)$/),
    ]);
  });

  it('should say an IAM role restored before the interface was released held nothing, and a run that ended first', () => {
    expect(idle(task({ timeline: [{ at: 300, action: 'StopTask' }], faults: [{ step: 'ReleaseEni', restoredAfterSeconds: 10 }] }))).toEqual([
      expect.stringMatching(/^faults\[0\] \(ReleaseEni\) did nothing: the IAM role was restored at 10 s, by the time the task released its network interface \(at 300(\.\d+)? s\)$/),
    ]);
    expect(idle(task({ faults: [{ step: 'ReleaseEni', restoredAfterSeconds: null }] }), 600)).toEqual(['faults[0] (ReleaseEni) did nothing: the run ended at 600 s, before the task released its network interface']);
  });
});
