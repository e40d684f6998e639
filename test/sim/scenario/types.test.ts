// The Fault and Action types the simulation reads (types.ts) are written by
// hand beside the zod schema that validates a scenario's faults and timeline. A field added to the
// schema but not to the type would be parsed and then invisible to the code
// (`load.ts` passes most faults through as parsed): this file stops compiling
// (`npm run typecheck`) until both name the same fields, step by step.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ACTIONS, FAULTS, action, fault } from '../../../src/sim/scenario/scenario.schema.ts';
import type { Action, Fault } from '../../../src/sim/scenario/types.ts';

/**
 * Per member of a union told apart by `D` (a fault's `step`, an action's
 * `action`), the field names one side gives and the other does not: never
 * when the schema's output `P` and the hand-written type `T` agree.
 */
type Mismatch<P, T, D extends keyof T & keyof P> = {
  [K in T[D] & PropertyKey]: Exclude<keyof Extract<P, Record<D, K>>, keyof Extract<T, Record<D, K>>> | Exclude<keyof Extract<T, Record<D, K>>, keyof Extract<P, Record<D, K>>>;
}[T[D] & PropertyKey];
/** The members one side has and the other does not: never when they agree. */
type Missing<A, B> = Exclude<A, B> | Exclude<B, A>;

const faultsAgree: [Mismatch<z.output<typeof fault>, Fault, 'step'>] extends [never] ? true : Mismatch<z.output<typeof fault>, Fault, 'step'> = true;
const steps: [Missing<Fault['step'], (typeof FAULTS)[number]>] extends [never] ? true : false = true;
const actionsAgree: [Mismatch<z.output<typeof action>, Action, 'action'>] extends [never] ? true : Mismatch<z.output<typeof action>, Action, 'action'> = true;
const kinds: [Missing<Action['action'], (typeof ACTIONS)[number]>] extends [never] ? true : false = true;

describe('the Fault and Action types and the schema', () => {
  it('should name the same steps and actions and, one by one, the same fields (checked when the file compiles)', () => {
    expect([faultsAgree, steps, actionsAgree, kinds]).toEqual([true, true, true, true]);
  });
});
