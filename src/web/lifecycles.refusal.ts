// "Download every lifecycle" refused: the walk's message, with how to ask for
// fewer or more in the page's words (its checkbox; the command line for more
// than a download holds: thousands of lifecycles are hundreds of MB).
import { MAX_LIFECYCLES, MAX_LIFECYCLES_ASKED, type Distinct, type TooManyPaths } from '../sim/paths/lifecycles.ts';
import type { Delivery } from '../sim/project/delivery.ts';

/** The refusal in the page's words: its checkbox, and the command line for more than a download holds. */
export function tooMany(err: TooManyPaths, distinct: Distinct, delivery: Delivery = 'in-order'): string {
  if (err.limit !== 'lifecycles') return err.message;
  const fewer = distinct === 'outcomes' ? ' Untick “one per ending” to list one per sequence of states and stop code.' : '';
  const all =
    err.found !== null && err.found <= MAX_LIFECYCLES_ASKED
      ? ` The page lists at most ${MAX_LIFECYCLES.toLocaleString('en-US')}; the command line lists them all, written as they are made: ecs-lifecycle paths <your file> --format events${distinct === 'outcomes' ? ' --distinct outcomes' : ''}${delivery === 'at-least-once' ? ' --delivery at-least-once' : ''} --max-lifecycles ${err.found}.`
      : '';
  return `${err.message}${fewer}${all}`;
}
