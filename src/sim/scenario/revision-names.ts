// UpdateService names its task definition the way the AWS CLI does
// (`--task-definition web:1`, a family, or an ARN): here such a name finds the
// revision the scenario registered by then, so a rollback to revision 1 needs
// no second copy of its JSON. A definition registered in AWS and not in the
// file is out of reach, and the message says how to bring it.
import type { Revision } from './service.ts';
import { ScenarioError, type TaskDefinition } from './types.ts';

/** `family`, `family:revision`, or a task definition ARN, split; null when it is none of them. */
export function parseRevisionName(name: string): { family: string; revision: number | null } | null {
  const m = /^(?:arn:aws[\w-]*:ecs:[\w-]*:\d*:task-definition\/)?([A-Za-z0-9_-]{1,255})(?::(\d{1,10}))?$/.exec(name);
  if (!m) return null;
  return { family: m[1]!, revision: m[2] === undefined ? null : Number(m[2]) };
}

/**
 * The revision `name` picks among those `registered` before its action (at
 * `at` seconds): the one it numbers, or without a number the family's
 * latest, as UpdateService takes "the latest ACTIVE revision" (API_UpdateService).
 */
export function registeredRevision(name: string, field: string, registered: readonly Revision[], at: number): TaskDefinition {
  const parsed = parseRevisionName(name);
  if (!parsed)
    throw new ScenarioError(field, `must be a task definition (an object), or the family:revision or ARN of one the scenario registers, got ${JSON.stringify(name.length > 120 ? `${name.slice(0, 117)}…` : name)}`);
  const known = registered.map((r) => r.taskDefinition);
  const family = known.filter((td) => td.family === parsed.family);
  const pick = parsed.revision === null ? family.reduce<TaskDefinition | undefined>((a, b) => (a && a.revision >= b.revision ? a : b), undefined) : family.find((td) => td.revision === parsed.revision);
  if (pick) return pick;
  const list = [...new Set(known.map((td) => `${td.family}:${td.revision}`))].join(', ');
  const wanted = parsed.revision === null ? `family ${parsed.family}` : `${parsed.family}:${parsed.revision}`;
  throw new ScenarioError(
    field,
    `names ${wanted}, which the scenario has not registered before this action at ${at} s (actions of one second go in file order; registered: ${list}); a definition registered only in AWS cannot be read: give its JSON here (aws ecs describe-task-definition --task-definition ${parsed.family}${parsed.revision === null ? '' : `:${parsed.revision}`} prints it)`,
  );
}
