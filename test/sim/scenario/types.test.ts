// The Fault and Action types the simulation reads (types.ts) are written by
// hand beside the zod schema that validates a scenario's faults and timeline. A field added to the
// schema but not to the type would be parsed and then invisible to the code
// (`load.ts` passes most faults through as parsed): this file stops compiling
// (`npm run typecheck`) until both name the same fields, step by step.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ACTIONS, FAULTS, action, fault } from '../../../src/sim/scenario/scenario.schema.ts';
import type { Action, Fault } from '../../../src/sim/scenario/types.ts';

type Parsed = z.output<typeof fault>;
type Step = Fault['step'];
/** The field names of one step's fault, in the schema's output or in the type. */
type Fields<T, S extends Step> = keyof Extract<T, { step: S }>;
/** Per step, the fields one names and the other does not (never when they agree). */
type Mismatch = { [S in Step]: Exclude<Fields<Parsed, S>, Fields<Fault, S>> | Exclude<Fields<Fault, S>, Fields<Parsed, S>> }[Step];
const agree: [Mismatch] extends [never] ? true : Mismatch = true;
// the same steps on both sides
const steps: [Exclude<Step, (typeof FAULTS)[number]> | Exclude<(typeof FAULTS)[number], Step>] extends [never] ? true : false = true;

// and the timeline's actions, the same way
type ParsedAction = z.output<typeof action>;
type Kind = Action['action'];
type ActionFields<T, K extends Kind> = keyof Extract<T, { action: K }>;
type ActionMismatch = { [K in Kind]: Exclude<ActionFields<ParsedAction, K>, ActionFields<Action, K>> | Exclude<ActionFields<Action, K>, ActionFields<ParsedAction, K>> }[Kind];
const actionsAgree: [ActionMismatch] extends [never] ? true : ActionMismatch = true;
const kinds: [Exclude<Kind, (typeof ACTIONS)[number]> | Exclude<(typeof ACTIONS)[number], Kind>] extends [never] ? true : false = true;

describe('the Fault and Action types and the schema', () => {
  it('should name the same steps and actions and, one by one, the same fields (checked when the file compiles)', () => {
    expect([agree, steps, actionsAgree, kinds]).toEqual([true, true, true, true]);
  });
});
