// Small zod builders shared by the schemas. Each states its requirement once,
// and the same sentence serves a wrong type, a wrong range and a missing value:
// `must be an integer from 5 to 300, got "30s"`.
//
// Optional fields accept null as well as absence: SDK dumps and Terraform
// outputs write unset fields as null, and they mean "use the default".
import { z } from 'zod';
import { describe, either } from './errors.ts';
import { misspelt } from './typos.ts';

type Issue = z.core.$ZodRawIssue;

/**
 * A field left out is said to be required, as the checks beyond the schema
 * say it ("required: name a container…"), not "must be …, got nothing".
 */
export const required = (requirement: string) => `required: ${requirement.replace(/^must (be )?/, '')}`;

/** A message of the form `<requirement>, got <what the user gave>` (`required: <requirement>` when it gave nothing). */
export const says =
  (requirement: string) =>
  (issue: Issue): string =>
    issue.input === undefined ? required(requirement) : `${requirement}, got ${describe(issue.input)}`;

/** Like `says`, but reports how many entries an array has. */
export const counts =
  (requirement: string) =>
  (issue: Issue): string =>
    issue.input === undefined ? required(requirement) : `${requirement}, got ${Array.isArray(issue.input) ? issue.input.length : describe(issue.input)}`;

export const text = (requirement = 'must be a non-empty string') =>
  z.string({ error: says(requirement) }).min(1);

/** ECS names (family, container, service, cluster): ARNs are built from them, so only what AWS accepts. */
export const ecsName = () => {
  const requirement = 'must be a name of up to 255 ASCII letters, numbers, hyphens and underscores';
  return z.string({ error: says(requirement) }).regex(/^[A-Za-z0-9_-]{1,255}$/, { error: says(requirement) });
};

export const int = (min: number, max: number, unit = '') => {
  const requirement = `must be an integer from ${min} to ${max}${unit}`;
  return z.number({ error: says(requirement) }).int().min(min).max(max);
};

export const flag = () => z.boolean({ error: says('must be true or false') });

/**
 * What is wrong with `given` where one of `words` belongs: left out, not a word
 * at all (`[]`, null: a wrong type, said as such), or an unknown word, with
 * the one most likely meant (the words are case-sensitive: "stoptask").
 */
function notOneOf(label: string, words: readonly string[], given: unknown, known: Readonly<Record<string, string>> = {}): string {
  if (given === undefined) return `required (expected ${either(words)})`;
  if (typeof given !== 'string') return `must be one of ${either(words)}, got ${describe(given)}`;
  if (Object.hasOwn(known, given)) return `${known[given]} (expected ${either(words)})`;
  const meant = misspelt(given, words);
  return `unknown ${label} ${describe(given)}${meant ? `: did you mean ${meant}?` : ''} (expected ${either(words)})`;
}

/** One of a fixed set of words; an unknown word is named as such, or said in `known`'s words (a common slip and what to write instead). */
export const oneOf = <const T extends readonly [string, ...string[]]>(label: string, values: T, known?: Readonly<Record<string, string>>) =>
  z.enum(values, { error: (issue) => notOneOf(label, values, issue.input, known) });

export const object = <S extends z.ZodRawShape>(shape: S, what = 'an object') =>
  z.object(shape, { error: says(`must be ${what}`) });

export const list = <T extends z.ZodType>(item: T, what = 'an array') => z.array(item, { error: says(`must be ${what}`) });

/** Absent or null → `fallback` (which may be null: "not given"). */
export const opt = <T extends z.ZodType, F extends NonNullable<z.output<T>> | null>(schema: T, fallback: F) =>
  schema
    .nullish()
    .transform((value) => (value ?? fallback) as NonNullable<z.output<T>> | (F extends null ? null : never));

/** The ECS API's integers are 32-bit (Java's Integer): nothing above this reaches AWS. */
const API_INT_MAX = 2_147_483_647;

/**
 * A container's cpu, memory or memoryReservation: an integer, or one written
 * as a string (events print a container's cpu as "0", and people copy from
 * events and from templates that quote every number).
 */
export const wholeNumber = (min: number, unit: string, example: string) => {
  const requirement = `must be a whole number of ${unit} from ${min} to ${API_INT_MAX} (or one written as a string such as "${example}")`;
  return z.unknown().transform((given, ctx) => {
    const n = typeof given === 'string' && /^\d{1,10}$/.test(given) ? Number(given) : given;
    if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= API_INT_MAX) return n;
    ctx.addIssue({ code: 'custom', input: given, message: `${requirement}, got ${describe(given)}` });
    return z.NEVER;
  });
};

/**
 * `cpu`/`memory`: users write 256, "256", "1 vCPU" or "2 GB"; we keep the
 * string. One that reads as no amount at all ("lots") is wrong whatever the
 * launch type, so it is named with the other wrong fields; whether an amount
 * fits the launch type is checked once they are right (consistency.ts).
 */
export const units = (examples: string, amount: (text: string) => number | null, unitsAre: string) =>
  opt(
    z.union([z.number(), z.string()], { error: says(`must be a number or a string such as ${examples}`) }),
    null,
  ).transform((value, ctx) => {
    if (value === null) return null;
    // a number is read as its digits would be: -256 and 0.5 are no amount either
    if (amount(String(value)) === null) {
      ctx.addIssue({ code: 'custom', input: value, message: `must be ${unitsAre}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return String(value);
  });

/**
 * The message for a discriminated union (`action`, `step`): an unknown or
 * missing kind is named as such, anything else is not an object at all.
 */
export const kindOf =
  (key: string, label: string, kinds: readonly string[], example: string, elsewhere?: { kinds: readonly string[]; said: string }) =>
  (issue: Issue): string => {
    if (issue.code !== 'invalid_union') return says(`must be an object such as ${example}`)(issue);
    const given = (issue.input as Record<string, unknown>)[key];
    // a fault step in the timeline, or an action among the faults: said as such, not "did you mean" a near word of another meaning
    if (elsewhere && typeof given === 'string' && elsewhere.kinds.includes(given)) return `${given} is ${elsewhere.said}, not ${label === 'action' ? 'an' : 'a'} ${label} (expected ${either(kinds)})`;
    return notOneOf(label, kinds, given);
  };

/**
 * A field whose other values AWS accepts but the simulator does not run (a
 * DAEMON service, a blue/green deployment): refused by name, rather than run
 * silently as the one thing it does simulate, which would mislead.
 */
export const onlySimulated = (value: string, what: string) =>
  z
    .unknown()
    .superRefine((given, ctx) => {
      if (given === undefined || given === null || given === value) return;
      ctx.addIssue({ code: 'custom', input: given, message: `only ${what} is simulated, got ${describe(given)}` });
    })
    .optional();

/**
 * Control characters and the invisible codes that reorder or break text
 * (direction embeddings, overrides and isolates; line separators): no image,
 * ARN or provider name has them, and in a StopTask reason they would reach
 * every screen that shows it. The plain direction marks (U+200E, U+200F,
 * U+061C) are ordinary in Hebrew and Arabic text and reorder nothing: kept.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;

/** Why `s` cannot be shown as it is, or null: the first unprintable character and where. */
/** Half of a character's UTF-16 pair with no other half: JSON's "\ud800" reads so, and it is no character at all. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function unprintable(s: string): string | null {
  const lone = LONE_SURROGATE.exec(s);
  if (lone) return `must be text, got half of a character (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}, a lone surrogate) at character ${[...s.slice(0, lone.index)].length + 1}`;
  const m = UNPRINTABLE.exec(s);
  if (!m) return null;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `must not contain control characters or direction overrides, got U+${code} at character ${[...s.slice(0, m.index)].length + 1}`;
}

/** A string refused when it holds what unprintable() names. */
export const printable = <T extends z.ZodString>(schema: T) =>
  schema.superRefine((s, ctx) => {
    const why = unprintable(s);
    if (why) ctx.addIssue({ code: 'custom', input: s, message: why });
  });
