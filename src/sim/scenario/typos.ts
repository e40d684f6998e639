// Keys we do not know are ignored (real files carry fields we do not model:
// `tags` beside a describe-task-definition's `taskDefinition`, say). A key one
// or two letters away from one we know is most likely a typo, though, and
// ignoring it silently would run something else than the user meant: say so.

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** What people add to a field's name: a plural, a unit, "age" (Percentage). */
const ADDED_ENDING = /^(s|es|age|seconds?|secs?|ms|millis(econds)?|minutes?|mins?|mib|mb|gib|gb|units?|in(seconds|minutes|mib))$/;

/** min and max written out, as the fields spell them (minHealthyPercent, maxPercent). */
const writtenOut = (key: string) => key.replace(/^(min|max)(?=[A-Z])/, (m) => (m === 'min' ? 'minimum' : 'maximum')).toLowerCase();

/** The known key that `key` most likely misspells, if any. */
export function misspelt(key: string, known: readonly string[]): string | undefined {
  if (known.includes(key)) return undefined;
  // as given and with a short min or max written out, on both sides: maxPercent is maximumPercent
  // misspelt, maxLifecycles max-lifecycles, and maxWorkr a container named maxWorker
  const forms = (k: string) => [...new Set([k.toLowerCase(), writtenOut(k)])];
  const given = forms(key);
  return known.find((k) => forms(k).some((near) => given.some((lower) => close(lower, near))));
}

/** Whether `lower` (a key as typed, lower case) is most likely a typo of `near`. */
function close(lower: string, near: string): boolean {
  // a letter or two off (lanchType), or the start of a longer name (deregistrationDelay)
  // short keys are too close to everything: `id` is not a misspelt `at`
  const slack = lower.length <= 3 ? 0 : lower.length <= 5 ? 1 : 2;
  if (lower.length >= 6 && near.startsWith(lower)) return true;
  // or a known name with a unit or an ending added (stopTimeoutSeconds, minimumHealthyPercentage);
  // not any word (serviceName is a field of the service, not a misspelt service)
  if (near.length >= 6 && lower.startsWith(near) && ADDED_ENDING.test(lower.slice(near.length))) return true;
  // the distance is at least the difference in length: a long key (a pasted
  // blob as a key, say) is never measured against the short ones we know
  return Math.abs(near.length - lower.length) <= slack && distance(lower, near) <= slack;
}

const MAX_KEYS_CHECKED = 1000;

/** A key kept as a note to the reader ("_comment", "//", "$schema"), as hand-written JSON does. */
export const isNote = (key: string) => /^(_|\/\/|\$)/.test(key);

/**
 * One warning per unknown key of `obj` that looks like a misspelt known key.
 * `ours` says what an unknown key is not ("not a setting we know") and how the known ones are listed, when `obj`
 * is our own format (settings, an action, a fault), or a small shape of AWS's whose every field is known
 * (a deploymentConfiguration): nothing else reads those, so every unknown key is worth a word, a typo or
 * not (notes excepted).
 */
export function typoWarnings(obj: Record<string, unknown>, known: readonly string[], at = '', ours?: { what: string; listed: string }): string[] {
  const out: string[] = [];
  let unknown = 0;
  for (const key of Object.keys(obj)) {
    // a note to the reader ("_comment") is no typo, wherever it is
    if (known.includes(key) || isNote(key)) continue;
    // an object with thousands of keys we do not know is not a typo of ours:
    // measuring each against every known key would take seconds, for nothing
    if (++unknown > MAX_KEYS_CHECKED) {
      // said first (only the first warnings are shown), or the count of the others would read as the whole story
      out.unshift(`${at.replace(/\.$/, '') || 'the scenario'} has more than ${MAX_KEYS_CHECKED.toLocaleString('en-US')} keys we do not know: only the first ${MAX_KEYS_CHECKED.toLocaleString('en-US')} were looked at`);
      break;
    }
    const near = misspelt(key, known);
    // the key it is close to is there too: asking "did you mean" it would read as if it were missing
    if (near && near in obj) out.push(`${at}${key} is not a field we know, so it is ignored (${at}${near}, which it is close to, is given beside it)`);
    else if (near) out.push(`${at}${key} is not a field we know, so it is ignored: did you mean ${at}${near}?`);
    else if (ours) out.push(`${at}${key} is ${ours.what}, so it is ignored (${ours.listed}: ${known.join(', ')})`);
  }
  return out;
}
