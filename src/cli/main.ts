// The ecs-lifecycle command: argv → simulation → formatted output.
import { parseArgs } from 'node:util';
import { ScenarioError } from '../sim/scenario/types.ts';
import { EXIT_BAD_INPUT, EXIT_LIMIT, LimitError, out, UsageError } from './io.ts';
import { readFileSync } from 'node:fs';
import { parseFormat, parseUntil, RUN_FORMATS, runCommand } from './run.ts';
import { parseDelivery } from './delivery.ts';
import { printable } from '../sim/printable.ts';
import { misspelt } from '../sim/scenario/typos.ts';

const HELP = `ecs-lifecycle: simulate the Amazon ECS task lifecycle

Usage:
  ecs-lifecycle run <scenario.json|-> [-f|--format events|table|json] [--until SECONDS] [--delivery MODE [--delivery-seed N]] [--strict]
  ecs-lifecycle paths <scenario.json|-> [-f|--format summary|json|events] [--distinct states|outcomes] [--max-lifecycles N] [--delivery MODE [--delivery-seed N]] [--strict]
  ecs-lifecycle help | -h|--help | -v|--version

run     Simulate the scenario in virtual time and print what ECS would emit:
          events  NDJSON, one EventBridge "ECS Task State Change" event per line (default)
          table   a timeline for people: every change, with each resource's status
          json    {"events": [...], "task": <DescribeTasks Task at the end>}
                  (a service: {"events", "service", "tasks"}, and "containerInstances" on EC2 instances)
        The run ends when the task is STOPPED or at --until (default 3600 s).
        A service scenario prints its ECS Service Action and ECS Deployment State
        Change events too (and ECS Container Instance State Change events when
        it gives containerInstances), and ends when nothing more is scheduled.
paths   List every lifecycle the statechart allows for the scenario's configuration:
          summary  a table for people: each lifecycle (named by its stop code), its states and steps (default)
          json     {"paths": [{"id", "statuses", "stopCode", "stoppedReason",
                   "stoppedReasonOurs", "routeOurs", "containers", "steps"}]}
          events   NDJSON {"path": id, "event": <ECS Task State Change>}: test fixtures
        The timeline and faults do not choose the lifecycles: every action and
        fault is explored (a PlaceTask fault says the cluster may have no room:
        it adds that wait; a ReleaseEni fault and a slow start are not, and a
        note says so). Taken from them: the reason of the first StopTask that
        gives one, and the exit codes a StopContainer or RunContainer fault or
        a ContainerExit gives. They are checked as run checks them: a file run refuses, paths
        refuses.
        Each lifecycle (states and stop code) is listed once, by its likeliest
        path (fewest other mishaps, then fewest steps). --distinct outcomes
        also tells apart what the final events show: the stoppedReason and each
        container's exit code and reason (a SIGKILL's 137, a failed Cloud Map
        registration, a failed ELB health check). Many containers, or long
        dependsOn chains, multiply the interleavings: past a work limit (reached
        in 5-20 s), or past 1,000 lifecycles (--max-lifecycles N raises that, up
        to 10,000), paths exits 4 and says so; run still simulates such a task.

--delivery (with --format events)
  in-order       each event once, in the order ECS emits them (default)
  at-least-once  as EventBridge may deliver them: some late, some out of order,
                 about one in eight twice (same id); seeded by the scenario's seed,
                 or by --delivery-seed N. Consumers order by detail.version.

--strict (for CI)
  A warning about the scenario (a misspelt key, a setting that does nothing)
  is an error: exit 2, nothing run. In run, a timeline action that did nothing
  (the task had already stopped, the run ended first), a fault that did
  nothing (its step never came, or its moment was past) or a run cut short at
  its task limit exits 3, after the output.

A scenario is a JSON file: a full scenario, a bare task definition, or the
output of "aws ecs describe-task-definition". "-" reads standard input.
Exit codes: 0 success, 2 bad input (the message names the field),
3 with --strict, the run did not do all its scenario asks,
4 the input is valid but paths passes a limit (the message says which),
1 the output could not be written (a full disk) or an unexpected error.`;

const VALUE_OPTIONS = new Set(['--format', '-f', '--until', '--delivery', '--delivery-seed', '--distinct', '--max-lifecycles']);

/** `--until -1` reads as the value -1 (then refused with its field named), not as an option; `-f=x` as `--format=x`. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    // `-f=table`, as other tools take it (Node would read "=table" as the value)
    if (a.startsWith('-f=')) out.push(`--format=${a.slice(3)}`);
    else if (VALUE_OPTIONS.has(a) && next !== undefined && /^-[\d.]/.test(next)) {
      // a short option takes `=` as part of its value: use the long name
      out.push(`${a === '-f' ? '--format' : a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  until: { type: 'string' },
  delivery: { type: 'string' },
  'delivery-seed': { type: 'string' },
  distinct: { type: 'string' },
  'max-lifecycles': { type: 'string' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;
const LONG_OPTIONS = Object.keys(OPTIONS);

/** Node's parseArgs messages, in our one-line style. */
function usageErrorOf(e: NodeJS.ErrnoException): UsageError {
  const option = /'(-[^' ,]+)/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // --untill, --Format: the option most likely meant (options are lower case)
    const name = option.replace(/^--?/, '').split('=')[0]!;
    const meant = option.startsWith('--') ? (LONG_OPTIONS.find((o) => o === name.toLowerCase()) ?? misspelt(name, LONG_OPTIONS)) : undefined;
    return new UsageError(`unknown option ${option}${meant ? `: did you mean --${meant}?` : ''} (ecs-lifecycle --help lists them)`);
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--[\w-]+/.exec(e.message)?.[0] ?? option;
    // --help=yes: a flag given a value, rather than an option left without one
    return new UsageError(/does not take an argument/.test(e.message) ? `${long}: takes no value` : `${long}: missing value`);
  }
  return new UsageError(e.message.split('\n')[0]!);
}

/**
 * A file whose name starts with "-" (`-weird.json`) reads as short options
 * (-w -e -i…, or -f taking "eird.json" as its format): say how to name it
 * instead. Short options are single letters, so a "." or "/" gives it away.
 */
function refuseDashFiles(args: readonly string[]): void {
  for (const a of args) {
    if (a === '--') return; // after it, every argument is a name
    if (/^-[^-]/.test(a) && !a.startsWith('-f=') && /[./\\]/.test(a))
      throw new UsageError(`"${a}" reads as options: for a file whose name starts with "-", write ./${a} (or put it last, after -- and every option)`);
  }
}

async function main(argv: string[]): Promise<void> {
  const args = joinNegativeValues(argv);
  refuseDashFiles(args);
  const { values, positionals, tokens } = parseArgs({ args, allowPositionals: true, tokens: true, options: OPTIONS });
  // `--format table --format json` would silently keep the last: say which was meant instead
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (seen.has(t.name)) throw new UsageError(`--${t.name}: given more than once (give it once)`);
    seen.add(t.name);
  }
  // through out(): a closed pipe or a full disk ends quietly here too
  if (values.help) return out(`${HELP}\n`);
  // `-v extra` printed the version and exited 0, where every other stray argument is refused
  if (values.version && positionals.length > 0) throw new UsageError(`--version: takes no command or file, got "${positionals[0]}"`);
  if (values.version) return out(`${packageVersion()}\n`);
  const [command, file, ...rest] = positionals;
  if (!command) throw new UsageError('missing command: run or paths (ecs-lifecycle --help shows how)');
  // as git and npm take it; `help run` too, since one page covers every command (but not help for a command there is not)
  if (command === 'help') {
    if (file !== undefined && file !== 'run' && file !== 'paths') throw new UsageError(`help: unknown command "${file}" (expected run or paths)`);
    if (rest.length > 0) throw new UsageError(`help: unexpected argument "${rest[0]}" (help takes one command at most)`);
    return out(`${HELP}\n`);
  }
  // an option after --, where every argument is a name: say so rather than "unexpected"
  const afterDashes = args.includes('--') && rest[0]?.startsWith('-') === true ? ' (after --, every argument is a file name: give the options before --)' : '';
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"${afterDashes}`);
  if (command === 'run') {
    if (!file) throw new UsageError('run: missing scenario file (a path, or - for standard input)');
    if (values.distinct !== undefined) throw new UsageError('run: --distinct is for paths (run simulates one lifecycle)');
    if (values['max-lifecycles'] !== undefined) throw new UsageError('run: --max-lifecycles is for paths (run simulates one lifecycle)');
    const format = parseFormat(values.format, RUN_FORMATS, 'events');
    return runCommand({ file, format, untilSeconds: parseUntil(values.until), delivery: parseDelivery(values, format), strict: values.strict ?? false });
  }
  if (command === 'paths') {
    if (!file) throw new UsageError('paths: missing scenario file (a path, or - for standard input)');
    // paths lists lifecycles, it does not run one in time
    if (values.until !== undefined) throw new UsageError('paths: --until is for run (paths explores every lifecycle, not one run in time)');
    const { pathsCommand, PATH_FORMATS } = await import('./paths.ts');
    const { DISTINCT, MAX_LIFECYCLES, MAX_LIFECYCLES_ASKED } = await import('../sim/paths/lifecycles.ts');
    const format = parseFormat(values.format, PATH_FORMATS, 'summary');
    const distinct = parseFormat(values.distinct, DISTINCT, 'states', '--distinct', 'choice');
    const asked = values['max-lifecycles'];
    const maxLifecycles = asked === undefined ? MAX_LIFECYCLES : Number(asked);
    if (!/^\s*\d+\s*$/.test(asked ?? '1') || !Number.isInteger(maxLifecycles) || maxLifecycles < 1 || maxLifecycles > MAX_LIFECYCLES_ASKED)
      throw new UsageError(`--max-lifecycles: must be an integer from 1 to ${MAX_LIFECYCLES_ASKED.toLocaleString('en-US')}, got "${asked}"`);
    return pathsCommand({ file, format, distinct, delivery: parseDelivery(values, format), maxLifecycles, strict: values.strict ?? false });
  }
  throw new UsageError(`unknown command "${command}" (expected run or paths)`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof ScenarioError || e instanceof UsageError) {
    const lines = e instanceof UsageError ? e.lines : e.lines();
    process.stderr.write(lines.map((line) => `ecs-lifecycle: ${printable(line)}\n`).join(''));
    process.exit(e instanceof LimitError ? EXIT_LIMIT : EXIT_BAD_INPUT);
  }
  if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`ecs-lifecycle: ${printable(usageErrorOf(e as NodeJS.ErrnoException).message)}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  internalError(e);
});

// XState reports an error thrown in an action after the step, from a timer of
// its own (the run's catch never sees it): still one line, no stack trace.
process.on('uncaughtException', internalError);

/** A bug of ours: say so in one line; DEBUG=1 shows the stack. */
function internalError(e: unknown): never {
  process.stderr.write(`ecs-lifecycle: internal error: ${printable(e instanceof Error ? e.message : String(e))}\n`);
  if (process.env.DEBUG) console.error(e);
  process.exit(1);
}

/** The version in package.json (one place to change it). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
