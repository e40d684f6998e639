// The reason a container gives when it gives up on a dependency, worded as the
// ECS agent words its terminal dependency errors (dependencygraph/graph.go,
// reported as a CannotStartContainerError by handleTerminalDependencyError).
// AWS's docs give no wording: this is our reading of the agent's code.
import type { BrokenDependency, TaskContext } from './task.types.ts';

/** The exit code the agent gives a container it stops for a dependency error: what Docker reports for SIGTERM, though none is sent. */
export const DEPENDENCY_ERROR_EXIT_CODE = 143;

/**
 * A container as the agent prints it in these errors: `name(image)
 * (KNOWN->DESIRED)`, then ` - Exit: N` once it has an exit code. The waiting
 * container has not pulled its image yet (the agent pulls a dependant's image
 * only once its dependencies hold): NONE, as in the agent maintainers' example.
 */
function agentContainer(c: TaskContext, name: string, waiting: boolean): string {
  const image = c.input.containers.find((i) => i.name === name)?.image ?? name;
  if (waiting) return `${name}(${image}) (NONE->RUNNING)`;
  const v = c.containers[name]!;
  const known = v.lastStatus === 'PENDING' ? 'NONE' : v.lastStatus;
  // the agent sets STOPPED as the desired status of what it stops itself
  const desired = v.stopRequested || v.dependencyError !== null ? 'STOPPED' : 'RUNNING';
  return `${name}(${image}) (${known}->${desired})${v.exitCode === null ? '' : ` - Exit: ${v.exitCode}`}`;
}

export function dependencyErrorReason(c: TaskContext, broken: BrokenDependency): string {
  const dep = agentContainer(c, broken.dependency.containerName, false);
  const target = agentContainer(c, broken.name, true);
  const said = {
    timedOut: `container ordering dependency [${dep}] for target [${target}] has timed out.`,
    didNotSucceed: `failed to resolve container ordering dependency [${dep}] for target [${target}] as dependency did not exit successfully.`,
    willNeverStart: `failed to resolve container ordering dependency [${dep}] for target [${target}] because dependency will never start`,
    // ours: the agent has no such error (it waits); worded as its others are
    neverHealthy: `failed to resolve container ordering dependency [${dep}] for target [${target}] because dependency will never be HEALTHY`,
  }[broken.why];
  return `CannotStartContainerError: dependency graph: ${said}`;
}
