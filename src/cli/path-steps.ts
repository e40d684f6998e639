// The steps of a lifecycle in words, for the `paths` summary a person reads.
// (The JSON keeps the steps' names, `publicStep`'s: tools match on those.)
import { publicStep } from '../sim/paths/step-names.ts';

const FIXED: Record<string, string> = {
  'task.stopRequested': 'StopTask',
  'task.stopRequested (ServiceSchedulerInitiated)': 'the scheduler stops it',
  'task.spotInterrupted': 'Spot interruption',
  'capacity.placed': 'placed on an instance',
  'capacity.unavailable': 'no capacity in time',
  'eni.attached': 'ENI attached',
  'eni.failed': 'ENI attach timed out',
  'eni.deleted': 'ENI deleted',
  'registry.registered': 'Cloud Map instance registered',
  'registry.failed': 'Cloud Map registration failed',
  'registry.deregistered': 'Cloud Map instance removed',
};

const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [/^task\.secretsFailed (.+)$/, (secret) => `secret ${secret} cannot be retrieved`],
  [/^target\.registered (\d+)$/, (i) => `target ${i} registered`],
  [/^target\.healthy (\d+)$/, (i) => `target ${i} healthy`],
  [/^target\.unhealthy (\d+)$/, (i) => `target ${i} unhealthy`],
  [/^target\.failed (\d+)$/, (i) => `target ${i} registration failed`],
  [/^target\.unused (\d+)$/, (i) => `target ${i} out of its group`],
  [/^container\.started (.+)$/, (n) => `${n} started`],
  [/^container\.healthy (.+)$/, (n) => `${n} healthy`],
  [/^container\.unhealthy (.+)$/, (n) => `${n} unhealthy`],
  [/^container\.startTimedOut (.+)$/, (n) => `${n}'s startTimeout passes`],
  [/^container\.stopped (.+) \(exitCode (\d+)\)$/, (n, code) => `${n} exits ${code}`],
  [/^container\.stopped (.+) \(pull failed\)$/, (n) => `${n} image pull fails`],
  [/^container\.stopped (.+) \(never started\)$/, (n) => `${n} stopped before it started`],
];

export function stepInWords(internal: string): string {
  const step = publicStep(internal);
  const fixed = FIXED[step];
  if (fixed) return fixed;
  for (const [re, say] of PATTERNS) {
    const m = re.exec(step);
    if (m) return say(...m.slice(1));
  }
  return step;
}
