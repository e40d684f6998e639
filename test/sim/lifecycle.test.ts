import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { webTd } from '../support/service.ts';
import { enteredAt, expectedStatuses, fargateWeb, realTaskDefinitions, run, statuses } from '../support/scenarios.ts';

describe('task lifecycle', () => {
  describe('real task definitions stopped by StopTask at 600 s', () => {
    for (const { file, json } of realTaskDefinitions()) {
      it(`should visit exactly the states of its configuration: ${file}`, () => {
        const scenario = loadScenario({ taskDefinition: json, timeline: [{ at: 600, action: 'StopTask', reason: 'Scaling down for the night' }] });
        const sim = run(scenario);
        const awsvpc = scenario.taskDefinition.networkMode === 'awsvpc';
        expect(statuses(sim)).toEqual(expectedStatuses(awsvpc, false));
        const task = sim.describeTask() as Record<string, unknown>;
        expect(task.stopCode).toBe('UserInitiated');
        expect(task.stoppedReason).toBe('Scaling down for the night');
        expect(task.group).toBe(`family:${scenario.taskDefinition.family}`);
      });
    }
  });

  describe('Fargate with a load balancer and a registry', () => {
    it('should visit all eight states in order', () => {
      expect(statuses(run(fargateWeb()))).toEqual(expectedStatuses(true, true));
    });

    it('should stay in DEACTIVATING for the deregistration delay (300 s by default)', () => {
      const sim = run(fargateWeb());
      const seconds = (enteredAt(sim, 'task', 'STOPPING')! - enteredAt(sim, 'task', 'DEACTIVATING')!) / 1000;
      expect(seconds).toBeGreaterThanOrEqual(300);
      expect(seconds).toBeLessThan(305);
    });

    it('should barely pause in DEACTIVATING with deregistrationDelaySeconds 0', () => {
      const sim = run(fargateWeb({ settings: { deregistrationDelaySeconds: 0 } }));
      const seconds = (enteredAt(sim, 'task', 'STOPPING')! - enteredAt(sim, 'task', 'DEACTIVATING')!) / 1000;
      expect(seconds).toBeLessThan(5);
    });

    it('should send SIGTERM only after every target has drained to unused', () => {
      const sim = run(fargateWeb());
      const drained = enteredAt(sim, 'target-0', 'unused')!;
      const sigterm = enteredAt(sim, 'container-web', 'STOPPING')!;
      expect(drained).toBeDefined();
      expect(sigterm).toBeGreaterThanOrEqual(drained);
      expect(enteredAt(sim, 'target-0', 'draining')).toBe(600_000);
    });

    it('should say what being RUNNING means for what it registered: traffic after health checks, or discovery alone', () => {
      const note = (sim: ReturnType<typeof run>) => sim.trace.find((e) => e.actor === 'task' && e.to === 'RUNNING')?.note;
      expect(note(run(fargateWeb()))).toBe('registered everywhere; the load balancer sends traffic once its health checks pass');
      // Cloud Map alone: no load balancer to speak of
      expect(note(run(fargateWeb({ loadBalancers: [] })))).toBe('registered in Cloud Map: clients can discover the task');
      // and who created it: RunTask registers nowhere, so a registered task is a service's
      const created = (sim: ReturnType<typeof run>) => sim.trace.find((e) => e.actor === 'task')?.note;
      expect(created(run(fargateWeb()))).toBe('Started as a service would start it: the task is created; ECS creates and attaches its network interface');
      expect(created(run(fargateWeb({ loadBalancers: [], serviceRegistries: [] })))).toBe('RunTask: the task is created; ECS creates and attaches its network interface');
    });

    it('should release everything by STOPPED: ENI deleted, target unused, registry deregistered', () => {
      const v = run(fargateWeb()).view();
      expect(v.lastStatus).toBe('STOPPED');
      expect(v.eni?.status).toBe('DELETED');
      expect(v.targets.map((t) => t.state)).toEqual(['unused']);
      expect(v.registry?.state).toBe('DEREGISTERED');
      expect(v.containers.map((c) => c.lastStatus)).toEqual(['STOPPED']);
    });

    it('should show desiredStatus STOPPED while lastStatus is still RUNNING when the stop is requested', () => {
      const details = run(fargateWeb()).events.map((e) => (e as { detail: Record<string, string> }).detail);
      expect(details.some((d) => d.lastStatus === 'RUNNING' && d.desiredStatus === 'STOPPED')).toBe(true);
    });
  });

  // Facts §2: a stop or failure while RUNNING goes RUNNING → (DEACTIVATING) → STOPPING →
  // (DEPROVISIONING) → STOPPED, STOPPING included when no container runs any more.
  describe('a stop after RUNNING with every container already stopped', () => {
    it('should still pass through STOPPING when the only essential container exits (awsvpc, a load balancer)', () => {
      const sim = run(fargateWeb({ serviceRegistries: [], timeline: [{ at: 200, action: 'ContainerExit', container: 'web', exitCode: 2 }] }));
      expect(statuses(sim)).toEqual(expectedStatuses(true, true));
      expect(sim.describeTask()).toMatchObject({ stopCode: 'EssentialContainerExited' });
      expect(sim.trace.find((e) => e.actor === 'task' && e.to === 'STOPPING')?.note).toBe('every container has already stopped: nothing to signal');
    });

    it('should still pass through STOPPING when a Spot notice’s SIGTERM stopped the container during the drain', () => {
      const sim = run(fargateWeb({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], timeline: [{ at: 300, action: 'SpotInterruption' }] }));
      expect(statuses(sim)).toEqual(expectedStatuses(true, true));
      expect(sim.describeTask()).toMatchObject({ stopCode: 'SpotInterruption' });
      // SIGTERM came with the notice, and the container exited on it during the drain
      expect(enteredAt(sim, 'container-web', 'STOPPING')).toBe(300_000);
      expect(enteredAt(sim, 'container-web', 'STOPPED')!).toBeLessThan(enteredAt(sim, 'task', 'STOPPING')!);
      expect(sim.view().containers[0]).toMatchObject({ signals: ['SIGTERM'], exitCode: 0 });
    });

    it('should have the agent stop the other containers the moment an essential container exits, not after the drain (its targets still drain)', () => {
      const web = webTd('nginx');
      const td = { ...web, containerDefinitions: [...web.containerDefinitions, { name: 'worker', image: 'worker' }, { name: 'log', image: 'fluent-bit', essential: false }] };
      const sim = run(fargateWeb({ taskDefinition: td, timeline: [{ at: 300, action: 'ContainerExit', container: 'worker', exitCode: 1 }] }));
      expect(sim.describeTask()).toMatchObject({ stopCode: 'EssentialContainerExited' });
      // SIGTERM to the others at once: the agent's own rule (any essential container stopped), drains aside
      expect(enteredAt(sim, 'container-web', 'STOPPING')).toBe(300_000);
      expect(enteredAt(sim, 'container-log', 'STOPPING')).toBe(300_000);
      expect(enteredAt(sim, 'target-0', 'draining')).toBe(300_000);
      expect(enteredAt(sim, 'container-web', 'STOPPED')!).toBeLessThan(330_000);
      // ECS still takes the task out of service as for any stop: DEACTIVATING lasts the delay
      expect(enteredAt(sim, 'task', 'STOPPING')).toBe(enteredAt(sim, 'target-0', 'unused'));
      expect(enteredAt(sim, 'task', 'STOPPING')).toBe(600_000);
      expect(sim.trace.find((e) => e.actor === 'task' && e.to === 'DEACTIVATING')?.note).toBe(
        'deregistering; targets drain for the deregistration delay (300 s), but an essential container exited: the agent stops the others now',
      );
      // a StopTask still waits for the drain before any SIGTERM
      expect(enteredAt(run(fargateWeb({ taskDefinition: td })), 'container-web', 'STOPPING')).toBeGreaterThanOrEqual(900_000);
    });

    it('should go RUNNING → STOPPING → STOPPED on EC2 bridge when the essential container exits', () => {
      const sim = run(loadScenario({ taskDefinition: { family: 'b', networkMode: 'bridge', containerDefinitions: [{ name: 'b', image: 'busybox', memory: 128 }] }, launchType: 'EC2', timeline: [{ at: 60, action: 'ContainerExit', container: 'b', exitCode: 0 }] }));
      expect(statuses(sim)).toEqual(['PENDING', 'RUNNING', 'STOPPING', 'STOPPED']);
    });
  });

  describe('task.stopRequested twice', () => {
    it('should keep the first stop code and reason', () => {
      const sim = run(fargateWeb({ timeline: [{ at: 100, action: 'StopTask', reason: 'first' }, { at: 200, action: 'StopTask', reason: 'second' }] }));
      expect(sim.view().stoppedReason).toBe('first');
      expect(sim.trace.find((e) => e.actor === 'user' && e.t === 200_000)?.note).toMatch(/changes nothing/);
    });
  });

  describe('--until', () => {
    it('should stop the run at the given virtual time with the task still running', () => {
      const sim = run(fargateWeb(), 120);
      expect(sim.view().lastStatus).toBe('RUNNING');
      expect(sim.now()).toBe(120_000);
    });
  });
});
