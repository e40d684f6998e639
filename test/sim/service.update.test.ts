// UpdateService that names the task definition the service already runs, and
// forceNewDeployment: "By default, deployments aren't forced. You can use this
// option to start a new deployment with no service definition changes"
// (API_UpdateService), e.g. to pick up a new image behind the same tag.
import { describe, expect, it } from 'vitest';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { describeService } from '../../src/sim/service/service-output.ts';
import { ScenarioError } from '../../src/sim/scenario/types.ts';
import { noticesOf, runService, webService, webTd } from '../support/service.ts';

const deploymentsStarted = (sim: ServiceSimulation) => noticesOf(sim).filter((n) => n.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS').map((n) => n.deploymentId);
const revisionsOf = (sim: ServiceSimulation, status: string) => sim.tasks.filter((t) => t.world.status === status).map((t) => t.taskDefinition.revision);
const sameRevision = { ...webTd(), revision: 1 };

describe('UpdateService with forceNewDeployment', () => {
  const sim = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 600, action: 'UpdateService', forceNewDeployment: true }] }));

  it('should start a second deployment of the same revision and replace every task with a new one of it', () => {
    const started = deploymentsStarted(sim);
    expect(started).toHaveLength(2);
    expect(started[1]).not.toBe(started[0]);
    // the two first tasks are replaced by two new ones, all of web:1
    expect(sim.tasks.map((t) => t.taskDefinition.revision)).toEqual([1, 1, 1, 1]);
    expect(sim.tasks.slice(0, 2).every((t) => t.world.status === 'STOPPED')).toBe(true);
    expect(revisionsOf(sim, 'RUNNING')).toEqual([1, 1]);
    expect(sim.tasks.slice(2).every((t) => t.deploymentId === started[1])).toBe(true);
  });

  it('should end with the new deployment alone, PRIMARY and COMPLETED, on web:1', () => {
    const d = describeService(sim) as { deployments: { id: string; status: string; rolloutState: string; taskDefinition: string }[] };
    expect(d.deployments).toHaveLength(1);
    expect(d.deployments[0]).toMatchObject({ id: deploymentsStarted(sim)[1], status: 'PRIMARY', rolloutState: 'COMPLETED' });
    expect(d.deployments[0]!.taskDefinition).toMatch(/task-definition\/web:1$/);
  });

  it('should redeploy a named task definition even when the service runs it already', () => {
    const forced = runService(webService({ desiredCount: 1 }, { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: sameRevision, forceNewDeployment: true }] }));
    expect(deploymentsStarted(forced)).toHaveLength(2);
    expect(forced.tasks.map((t) => t.taskDefinition.revision)).toEqual([1, 1]);
  });
});

describe('UpdateService naming the task definition the service runs, unforced', () => {
  it('should start no deployment and say the update changed nothing', () => {
    const sim = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: sameRevision }] }));
    expect(deploymentsStarted(sim)).toHaveLength(1);
    expect(sim.tasks).toHaveLength(2);
    expect(sim.ignoredActions.map((a) => a.why)).toEqual(['UpdateService changes nothing: the service already runs web:1 (forceNewDeployment: true deploys it again)']);
  });

  it('should still apply its desiredCount, and say no deployment started', () => {
    const sim = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: sameRevision, desiredCount: 3 }] }));
    expect(deploymentsStarted(sim)).toHaveLength(1);
    expect(revisionsOf(sim, 'RUNNING')).toEqual([1, 1, 1]);
    expect(sim.ignoredActions).toEqual([]);
    expect(sim.notes.map((n) => n.note)).toContain('UpdateService desiredCount 3 (web:1 already runs: no new deployment without forceNewDeployment)');
  });

  it('should note a desiredCount alone as just that (it names no task definition, so no word on deployments)', () => {
    const sim = runService(webService({ desiredCount: 3 }, { timeline: [{ at: 600, action: 'UpdateService', desiredCount: 1 }] }));
    expect(sim.notes.filter((n) => n.note.startsWith('UpdateService')).map((n) => n.note)).toEqual(['UpdateService desiredCount 1']);
  });

  it('should deploy an older revision again (a manual rollback is a change)', () => {
    const sim = runService(
      webService({ desiredCount: 1 }, { timeline: [
        { at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') },
        { at: 1800, action: 'UpdateService', taskDefinition: sameRevision },
      ] }),
    );
    expect(deploymentsStarted(sim)).toHaveLength(3);
    expect(sim.tasks.map((t) => t.taskDefinition.revision)).toEqual([1, 2, 1]);
  });
});

describe('UpdateService naming a revision, as the AWS CLI does (--task-definition web:1)', () => {
  const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
  const rollback = (name: string, at = 1800) =>
    webService({ desiredCount: 1 }, { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }, { at, action: 'UpdateService', taskDefinition: name }] });
  const refusal = (make: () => unknown) => {
    try {
      make();
    } catch (e) {
      return e instanceof ScenarioError ? `${e.field}: ${e.problem}` : String(e);
    }
    return 'loaded';
  };

  it('should deploy the revision registered by then, by family:revision or ARN, registering none', () => {
    for (const name of ['web:1', ARN]) {
      const sim = runService(rollback(name));
      expect(deploymentsStarted(sim)).toHaveLength(3);
      expect(sim.tasks.map((t) => [t.taskDefinition.revision, t.scenario.taskDefinition.containerDefinitions[0]!.image])).toEqual([
        [1, 'registry.example/app:1'],
        [2, 'registry.example/app:2'],
        [1, 'registry.example/app:1'],
      ]);
    }
  });

  it('should take a family alone as its latest revision, as UpdateService does', () => {
    const sim = runService(webService({ desiredCount: 1 }, { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }, { at: 1800, action: 'UpdateService', taskDefinition: 'web', forceNewDeployment: true }] }));
    expect(sim.tasks.map((t) => t.taskDefinition.revision)).toEqual([1, 2, 2]);
  });

  it('should refuse a revision the scenario has not registered by then, or a name that is none, saying what is registered', () => {
    expect(refusal(() => rollback('web:7'))).toBe(
      'timeline[1].taskDefinition: names web:7, which the scenario has not registered before this action at 1800 s (actions of one second go in file order; registered: web:1, web:2); a definition registered only in AWS cannot be read: give its JSON here (aws ecs describe-task-definition --task-definition web:7 prints it)',
    );
    // web:2 is registered at 600 s: not yet at 300
    expect(refusal(() => rollback('web:2', 300))).toMatch(/^timeline\[1\]\.taskDefinition: names web:2, which the scenario has not registered before this action at 300 s \(actions of one second go in file order; registered: web:1\)/);
    expect(refusal(() => rollback('api'))).toMatch(/^timeline\[1\]\.taskDefinition: names family api, which the scenario has not registered before this action at 1800 s/);
    expect(refusal(() => rollback('web:1 please'))).toBe('timeline[1].taskDefinition: must be a task definition (an object), or the family:revision or ARN of one the scenario registers, got "web:1 please"');
  });
});

describe('UpdateService as the file gives it', () => {
  it('should refuse an update with nothing to do, and a forceNewDeployment that is not a boolean, naming the field', () => {
    const message = (timeline: unknown[]) => {
      try {
        webService({ desiredCount: 1 }, { timeline });
      } catch (e) {
        if (e instanceof ScenarioError) return e.message;
        throw e;
      }
      return 'loaded';
    };
    expect(message([{ at: 5, action: 'UpdateService' }])).toBe('timeline[0]: UpdateService needs desiredCount, taskDefinition, deploymentConfiguration or forceNewDeployment: true, got none of them');
    expect(message([{ at: 5, action: 'UpdateService', forceNewDeployment: false }])).toBe(
      'timeline[0]: UpdateService needs desiredCount, taskDefinition, deploymentConfiguration or forceNewDeployment: true, got none of them',
    );
    expect(message([{ at: 5, action: 'UpdateService', forceNewDeployment: 'yes' }])).toMatch(/^timeline\[0\]\.forceNewDeployment: must be true or false/);
    expect(message([{ at: 5, action: 'UpdateService', forceNewDeployment: true }])).toBe('loaded');
  });

  it('should name a misspelt forceNewDeployment (an update that would change nothing, in silence)', () => {
    const s = webService({ desiredCount: 1 }, { timeline: [{ at: 5, action: 'UpdateService', desiredCount: 2, forceNewDeploymnt: true }] });
    expect(s.warnings).toEqual(['timeline[0].forceNewDeploymnt is not a field we know, so it is ignored: did you mean timeline[0].forceNewDeployment?']);
  });
});
