// Checks that relate the scenario to its task definition: launch type against
// network mode, names against containers, faults against the resources they
// break. Each names the field the user should change.
import { MAX_FARGATE_STOP_TIMEOUT_SECONDS } from './task-definition.schema.ts';
import { ScenarioError, type Scenario } from './types.ts';

export interface Context {
  /** where the task definition sits in the file ('' for a bare definition) */
  at: string;
  launchTypeGiven: boolean;
  networkModeGiven: boolean;
}

export function checkScenario(s: Scenario, { at, launchTypeGiven, networkModeGiven }: Context): void {
  const td = s.taskDefinition;
  const tdField = (path: string) => (at ? `${at}.${path}` : path);
  const containers = new Map(td.containerDefinitions.map((c) => [c.name, c]));
  const names = td.containerDefinitions.map((c) => c.name).join(', ');
  const mustExist = (field: string, name: string) => {
    if (!containers.has(name)) throw new ScenarioError(field, `no container named "${name}" in the task definition (containers: ${names})`);
  };

  // A defaulted FARGATE always has awsvpc (normaliseTaskDefinition checks it),
  // so this fires only for a launchType the user wrote.
  if (s.launchType === 'FARGATE' && td.networkMode !== 'awsvpc') {
    const why = networkModeGiven ? '' : ` (the EC2 default: ${tdField('networkMode')} is missing)`;
    throw new ScenarioError('launchType', `FARGATE requires networkMode awsvpc, got ${td.networkMode}${why}`);
  }
  // RunTask refuses a launch type the definition was not registered for.
  if (td.requiresCompatibilities.length > 0 && !td.requiresCompatibilities.includes(s.launchType)) {
    const given = launchTypeGiven ? s.launchType : `${s.launchType} (the default)`;
    throw new ScenarioError('launchType', `${given} is not in ${tdField('requiresCompatibilities')} (${td.requiresCompatibilities.join(', ')})`);
  }
  if (s.launchType === 'FARGATE') {
    td.containerDefinitions.forEach((c, i) => {
      if (c.stopTimeout !== null && c.stopTimeout > MAX_FARGATE_STOP_TIMEOUT_SECONDS) {
        throw new ScenarioError(
          tdField(`containerDefinitions[${i}].stopTimeout`),
          `at most ${MAX_FARGATE_STOP_TIMEOUT_SECONDS} seconds on Fargate, got ${c.stopTimeout}`,
        );
      }
    });
  }

  s.loadBalancers.forEach((lb, i) => mustExist(`loadBalancers[${i}].containerName`, lb.containerName));
  // called before the timeline is sorted, so indexes match the file
  s.timeline.forEach((a, i) => {
    if (a.action === 'ContainerExit') mustExist(`timeline[${i}].container`, a.container);
  });

  s.faults.forEach((f, i) => {
    const field = `faults[${i}]`;
    switch (f.step) {
      case 'PullImage':
      case 'StopContainer':
        return mustExist(`${field}.container`, f.container);
      case 'AttachEni':
        if (td.networkMode !== 'awsvpc') {
          throw new ScenarioError(`${field}.step`, `AttachEni needs networkMode awsvpc, got ${td.networkMode} (no ENI to attach)`);
        }
        return;
      case 'RegisterTargets':
        if (s.loadBalancers.length === 0) {
          throw new ScenarioError(`${field}.step`, 'RegisterTargets needs at least one load balancer (loadBalancers is empty)');
        }
        if (f.targetGroup !== null && f.targetGroup >= s.loadBalancers.length) {
          throw new ScenarioError(
            `${field}.targetGroup`,
            `no target group ${f.targetGroup}: loadBalancers has ${s.loadBalancers.length} (indexes 0 to ${s.loadBalancers.length - 1})`,
          );
        }
        return;
      case 'RegisterInstance':
        if (s.serviceRegistries.length === 0) {
          throw new ScenarioError(`${field}.step`, 'RegisterInstance needs a service registry (serviceRegistries is empty)');
        }
        return;
      case 'HealthCheck':
        if (f.container !== null) {
          mustExist(`${field}.container`, f.container);
          if (!containers.get(f.container)?.healthCheck) {
            throw new ScenarioError(`${field}.container`, `container "${f.container}" has no healthCheck to fail`);
          }
        } else if (s.loadBalancers.length === 0) {
          throw new ScenarioError(
            `${field}.container`,
            'required when there is no load balancer: name a container with a healthCheck, or add loadBalancers',
          );
        }
        return;
    }
  });
}
