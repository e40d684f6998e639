// The line under a container's card on the page: what DescribeTasks would say
// of it, its reason included (why it stopped without running).
import { describe, expect, it } from 'vitest';
import { cardDetail } from '../../src/web/children.view.ts';
import { childActors } from '../../src/web/shape.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { run } from '../support/scenarios.ts';

describe('a container’s card', () => {
  it('should show the reason of a container that gave up on its dependsOn beside its exit code, and none for one that ran', () => {
    const s = loadScenario({
      taskDefinition: {
        family: 'shop', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
        containerDefinitions: [
          { name: 'web', image: 'nginx:1.27' },
          { name: 'migrate', image: 'shop/migrate:7', essential: false },
          { name: 'seed', image: 'shop/seed:7', essential: false, dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
        ],
      },
      faults: [{ step: 'RunContainer', container: 'migrate', exitCode: 1, afterSeconds: 5 }],
    });
    const view = run(s, 300).view();
    const card = (name: string) => cardDetail(view, childActors(s).find((c) => c.id === `container-${name}`)!);
    expect(card('seed')).toMatch(/^lastStatus STOPPED · exitCode 143 · reason: CannotStartContainerError: dependency graph: failed to resolve container ordering dependency \[migrate\(/);
    expect(card('migrate')).toBe('lastStatus STOPPED · exitCode 1');
    expect(card('web')).toBe('lastStatus RUNNING');
  });
});
