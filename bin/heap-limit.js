// the launcher's heap rule, apart from the launcher so that tests can ask it (see heap-limit.d.ts)

/** The V8 flag that sets the old generation's limit, in MiB, as node spells it both ways. */
const HEAP_FLAGS = ['--max-old-space-size', '--max_old_space_size']

/**
 * The commands that hold every match until their input ends: a hunt over a large log can need
 * more than Node's default limit (about 4 GiB on a large machine), and V8 then aborts the run.
 */
const HOLDING_COMMANDS = new Set(['hunt', 'query', 'diff'])

/** The share of the machine's memory the relaunched CLI may fill. */
const MEMORY_SHARE = 0.75

/** The least gain worth a second process: a limit at least this many times the default. */
const MIN_GAIN = 1.25

/** Set in the environment of the relaunched CLI, so it never relaunches again. */
export const RELAUNCHED_ENV = 'VIGIL_HEAP_RELAUNCHED'

/**
 * The node arguments to relaunch the CLI with, or null to run it in this process: only for a
 * command that holds its matches and is not asked for its help, when the user set no limit of
 * their own (in node's arguments or NODE_OPTIONS), and when three quarters of the machine's
 * memory is well above the default.
 */
export function heapLimitArgs(run) {
  if (run.isRelaunched || !HOLDING_COMMANDS.has(run.command ?? '')) return null
  if (asksForHelp(run.args)) return null

  const given = [...run.execArgv, ...(run.nodeOptions ?? '').split(/\s+/)]
  if (given.some((arg) => HEAP_FLAGS.some((flag) => arg.startsWith(flag)))) return null

  const wantedMib = Math.floor((run.totalBytes * MEMORY_SHARE) / 2 ** 20)
  if (wantedMib < (run.limitBytes / 2 ** 20) * MIN_GAIN) return null

  return [`${HEAP_FLAGS[0]}=${String(wantedMib)}`]
}

// `-h` or `--help` among the options, before any `--` (after it, they are the command's operands)
function asksForHelp(args) {
  const end = args.indexOf('--')

  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')
}
