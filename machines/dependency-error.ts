// The reason a container gives when it gives up on a dependency, worded as the
// ECS agent words its terminal dependency errors (dependencygraph/graph.go,
// reported as a CannotStartContainerError by handleTerminalDependencyError).
// AWS's docs give no wording: this is our reading of the agent's code.
import type { BrokenDependency, TaskContext } from './task.types.ts';
import { neverCreated } from './task.rules.ts';

/** How every such reason begins: the agent's error name, then its dependency graph's words. */
export const DEPENDENCY_ERROR_PREFIX = 'CannotStartContainerError: dependency graph: ';

/** The exit code the agent gives a container it stops for a dependency error: what Docker reports for SIGTERM, though none is sent. */
export const DEPENDENCY_ERROR_EXIT_CODE = 143;

/**
 * A container as the agent prints it in these errors: `name(image)
 * (KNOWN->DESIRED)`, then ` - Exit: N` once it has an exit code. A container
 * that has not started is at MANIFEST_PULLED: since 2024 the agent resolves
 * every image's manifest first, whatever dependsOn says (PR #4137); its
 * maintainers' example from 2022, before that step, shows NONE.
 */
function agentContainer(c: TaskContext, name: string, waiting: boolean): string {
  const image = c.input.containers.find((i) => i.name === name)?.image ?? name;
  if (waiting) return `${name}(${image}) (MANIFEST_PULLED->RUNNING)`;
  const v = c.containers[name]!;
  // told to give up in the same pass: the agent has set its desired status and exit code, not yet its known status
  if (v.dependencyError !== null && v.lastStatus !== 'STOPPED') return `${name}(${image}) (MANIFEST_PULLED->STOPPED) - Exit: ${DEPENDENCY_ERROR_EXIT_CODE}`;
  // its pull failed: held at PULLED, desired STOPPED, until its dependants stop
  if (neverCreated(v)) return `${name}(${image}) (PULLED->STOPPED)`;
  const known = v.lastStatus === 'PENDING' ? 'MANIFEST_PULLED' : v.lastStatus;
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
  }[broken.why];
  return `${DEPENDENCY_ERROR_PREFIX}${said}`;
}
