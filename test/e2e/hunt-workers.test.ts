import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { runVigil, scratchFolder } from './cli-runner.ts'
import type { Run } from './cli-runner.ts'

// the inputs here are tiny: they are shared out all the same (see MIN_SHARED_BYTES)
process.env.VIGIL_SHARE_BYTES = '0'

const NOW = '2026-12-01T00:00:00.000Z'
const EXAMPLE_RULES = ['--rules', 'examples/rules']
const scratch = scratchFolder('vigil-workers-')

function vigil(args: readonly string[], input?: string): Promise<Run> {
  return runVigil(['hunt', '--now', NOW, '--format', 'ndjson', ...args], input)
}

function fixture(name: string, text: string): string {
  return scratch.write(name, text)
}

// rules in both schedules: a burst cut by max_signals, and one timed by event.ingested, whose
// late window times stretch the replay span that every worker must share
const BURST = fixture(
  'burst.toml',
  `[rule]
author = ["Vigil"]
description = "Any cmd.exe start."
name = "Burst"
risk_score = 21
rule_id = "workers-burst"
severity = "low"
type = "query"
language = "kuery"
from = "now-9m"
interval = "5m"
max_signals = 2
query = 'process.name:cmd.exe'
`,
)
const INGESTED = fixture(
  'ingested.toml',
  `[rule]
author = ["Vigil"]
description = "Any certutil.exe start, timed by ingest."
name = "Ingested"
risk_score = 47
rule_id = "workers-ingested"
severity = "medium"
type = "eql"
language = "eql"
from = "now-6m"
interval = "5m"
timestamp_override = "event.ingested"
query = 'process where process.name == "certutil.exe"'
`,
)
const EVENTS = fixture(
  'events.ndjson',
  [0, 1, 2, 3, 4, 5, 6]
    .map((s) =>
      JSON.stringify({
        '@timestamp': `2026-11-20T10:01:0${String(s)}Z`,
        event: {
          category: ['process'],
          type: ['start'],
          ingested: `2026-11-20T11:0${String(s)}:00Z`,
        },
        process: { name: s % 2 === 0 ? 'cmd.exe' : 'certutil.exe' },
      }),
    )
    .concat(['{"process": {"name": "cmd.exe"'])
    .join('\n'),
)
const SCHEDULED = ['--rules', BURST, '--rules', INGESTED, EVENTS]

// orders that threads must not change: equal times (the input order decides), events without a
// time (last), a tiebreaker, and the same documents read twice (the first kept)
const TIEBREAKER = fixture(
  'tiebreaker.toml',
  `[rule]
author = ["Vigil"]
description = "Any cmd.exe start, ordered by a tiebreaker."
name = "Tiebreaker"
risk_score = 21
rule_id = "workers-tiebreaker"
severity = "low"
type = "eql"
language = "eql"
tiebreaker_field = "event.sequence"
query = 'process where process.name : "cmd.exe"'
`,
)
const TIED = fixture(
  'tied.ndjson',
  Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({
      ...(i % 7 === 3 ? {} : { '@timestamp': `2026-11-20T10:0${String(i % 3)}:00Z` }),
      event: {
        category: ['process'],
        type: ['start'],
        sequence: (i * 13) % 5,
        ingested: `2026-11-20T11:00:0${String(i % 4)}Z`,
      },
      process: { name: i % 5 === 0 ? 'certutil.exe' : 'cmd.exe', pid: i },
    }),
  ).join('\n'),
)
const ORDERED = ['--rules', BURST, '--rules', INGESTED, '--rules', TIEBREAKER, TIED, TIED, EVENTS]

// a suppressing query rule: one alert per process id and kind, with a duration across executions
const SUPPRESSING = fixture(
  'suppressing.toml',
  `[rule]
author = ["Vigil"]
description = "Process starts, one alert per name and sequence number."
name = "Suppressing"
risk_score = 21
rule_id = "workers-suppressing"
severity = "low"
type = "query"
language = "kuery"
from = "now-6m"
interval = "1m"
query = 'event.category:process'

[rule.alert_suppression]
group_by = ["process.name", "event.sequence"]
duration = { value = 3, unit = "m" }
missing_fields_strategy = "suppress"
`,
)
const SUPPRESSING_EQL = fixture(
  'suppressing-eql.toml',
  `[rule]
author = ["Vigil"]
description = "Any cmd.exe start, one alert per sequence number, for the run's own window."
name = "Suppressing EQL"
risk_score = 21
rule_id = "workers-suppressing-eql"
severity = "low"
type = "eql"
language = "eql"
from = "now-6m"
interval = "1m"
query = 'process where process.name == "cmd.exe"'

[rule.alert_suppression]
group_by = ["event.sequence"]
missing_fields_strategy = "doNotSuppress"
`,
)
const SUPPRESSED = [
  '--rules',
  SUPPRESSING,
  '--rules',
  SUPPRESSING_EQL,
  '--rules',
  BURST,
  TIED,
  EVENTS,
]

// a sequence whose rare first step comes last in the input, after more events of its second
// step than a watching rule holds: read from files, the rule is hunted again by itself
const RARE_FIRST = fixture(
  'rare-first.toml',
  `[rule]
author = ["Vigil"]
description = "A rare process, then cmd.exe on the same host within the hour."
name = "Rare First"
risk_score = 47
rule_id = "workers-rare-first"
severity = "medium"
type = "eql"
language = "eql"
query = 'sequence by host.name with maxspan=1h [process where process.name == "a.exe"] [process where process.name == "cmd.exe"]'
`,
)
const LATE_START = Date.parse('2026-11-20T10:00:00Z')
const LATE_LINES = Array.from({ length: 128 + 2 * 4096 }, (_, i) => ({
  time: LATE_START + i * 1000,
  name: 'cmd.exe',
}))
  .concat([{ time: LATE_START + 600_500, name: 'a.exe' }])
  .map(({ time, name }) =>
    JSON.stringify({
      '@timestamp': new Date(time).toISOString(),
      event: { category: ['process'], type: ['start'] },
      host: { name: 'h1' },
      process: { name },
    }),
  )
  .join('\n')
const LATE = fixture('late.ndjson', LATE_LINES)
const RARE_LATE = ['--rules', RARE_FIRST, LATE]

describe('vigil hunt --workers', () => {
  const cases: [name: string, args: readonly string[]][] = [
    ['the examples', [...EXAMPLE_RULES, 'examples/events']],
    ['the examples replayed', ['--replay', ...EXAMPLE_RULES, 'examples/events']],
    ['scheduled rules', SCHEDULED],
    ['scheduled rules replayed', ['--replay', ...SCHEDULED]],
    ['rules over tied, timeless and repeated events', ORDERED],
    ['rules over tied, timeless and repeated events replayed', ['--replay', ...ORDERED]],
    ['suppressing rules', SUPPRESSED],
    ['suppressing rules replayed', ['--replay', ...SUPPRESSED]],
    ['a sequence hunted again', RARE_LATE],
  ]

  for (const [name, args] of cases) {
    test(`${name} give byte-identical alerts on 1, 2 and 3 threads`, async () => {
      const one = await vigil(['--workers', '1', ...args])
      assert.equal(one.code, 0, one.stderr)
      assert.notEqual(one.stdout, '')
      for (const workers of ['2', '3']) {
        const many = await vigil(['--workers', workers, ...args])
        assert.equal(many.code, 0, many.stderr)
        assert.equal(many.stdout, one.stdout)
        assert.equal(summaryOf(many.stderr), summaryOf(one.stderr))
      }
    })
  }

  test('both suppressing rules count the events they suppress, with and without replay', async () => {
    for (const args of [SUPPRESSED, ['--replay', ...SUPPRESSED]]) {
      const run = await vigil(['--workers', '2', ...args])
      assert.equal(run.code, 0, run.stderr)
      const alerts = run.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      for (const ruleId of ['workers-suppressing', 'workers-suppressing-eql']) {
        const counts = alerts
          .filter((a) => a['kibana.alert.rule.rule_id'] === ruleId)
          .map((a) => a['kibana.alert.suppression.docs_count'])
        assert.ok(
          counts.some((n) => typeof n === 'number' && n > 0),
          `${ruleId}: ${JSON.stringify(counts)}`,
        )
      }
    }
  })

  test('a sequence rule hunted again finds what a single pass over standard input finds', async () => {
    const piped = await vigil(['--rules', RARE_FIRST, '-'], LATE_LINES)
    assert.equal(piped.code, 0, piped.stderr)
    assert.doesNotMatch(piped.stderr, /read the inputs again/)
    const expected = sequenceEvents(piped.stdout)
    assert.deepEqual(expected, [
      ['default', '2026-11-20T10:10:00.500Z', 'a.exe'],
      ['default', '2026-11-20T10:10:01.000Z', 'cmd.exe'],
    ])
    for (const workers of ['1', '2']) {
      const run = await vigil(['--workers', workers, '--verbose', ...RARE_LATE])
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stderr, /read the inputs again for 1 sequence rule \(a rare step came/)
      assert.deepEqual(sequenceEvents(run.stdout), expected)
    }
  })

  test('replayed executions cut by max_signals warn once per cut, as on one thread', async () => {
    const run = await vigil(['--workers', '2', '--replay', ...SCHEDULED])
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stderr.match(/ERR_DETECT_MAX_SIGNALS/g)?.length, 1)
  })

  test('a malformed line is reported once, not once per thread', async () => {
    const run = await vigil(['--workers', '3', ...SCHEDULED])
    assert.equal(run.stderr.match(/ERR_INPUT_JSON/g)?.length, 1)
  })

  test('standard input is hunted on every thread, with the alerts of one', async () => {
    const input = readFileSync('examples/events/process-events.ndjson', 'utf8')
    const one = await vigil(['--workers', '1', ...EXAMPLE_RULES, '-'], input)
    const two = await vigil(['--workers', '2', ...EXAMPLE_RULES, '-'], input)
    assert.equal(two.code, 0, two.stderr)
    assert.doesNotMatch(two.stderr, /one thread/)
    assert.notEqual(one.stdout, '')
    assert.equal(two.stdout, one.stdout)
  })

  test('standard input holding a JSON array is hunted whole, with the alerts of one thread', async () => {
    const lines = readFileSync('examples/events/process-events.ndjson', 'utf8').trim().split('\n')
    const input = `[${lines.join(',\n')}]`
    const one = await vigil(['--workers', '1', ...EXAMPLE_RULES, '-'], input)
    const two = await vigil(['--workers', '2', ...EXAMPLE_RULES, '-'], input)
    assert.equal(two.code, 0, two.stderr)
    assert.notEqual(one.stdout, '')
    assert.equal(two.stdout, one.stdout)
  })

  test('inputs too small to share out are hunted on one thread, as --verbose says', async () => {
    const args = ['--workers', '2', '--verbose', ...EXAMPLE_RULES, 'examples/events']
    const small = await runVigil(['hunt', '--now', NOW, '--format', 'ndjson', ...args], undefined, {
      VIGIL_SHARE_BYTES: '',
    })
    assert.equal(small.code, 0, small.stderr)
    assert.match(small.stderr, /the inputs have 0\.0 MB to share out, too little: one thread/)
    assert.doesNotMatch(small.stderr, /hunting on \d+ threads/)
    const shared = await vigil(args)
    assert.doesNotMatch(shared.stderr, /to share out, too little/)
    assert.match(shared.stderr, /vigil: hunting on 2 threads, each with a share of the events\n/)
    assert.equal(shared.stdout, small.stdout)
  })

  const usage: [args: readonly string[], message: RegExp][] = [
    [['--workers', '0'], /--workers needs a whole number from 1 to 64, got "0"/],
    [['--workers', 'two'], /--workers needs a whole number from 1 to 64, got "two"/],
    [['--workers', '2', '--profile'], /--profile times rules on one thread/],
  ]
  for (const [args, message] of usage) {
    test(`${args.join(' ')} is a usage error`, async () => {
      const run = await vigil([...args, ...SCHEDULED])
      assert.equal(run.code, 2)
      assert.match(run.stderr, message)
    })
  }
})

// the building block alerts of the output: their type, original time and process
function sequenceEvents(stdout: string): unknown[][] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((a) => a['kibana.alert.building_block_type'] === 'default')
    .map((a) => [
      a['kibana.alert.building_block_type'],
      a['kibana.alert.original_time'],
      (a.process as { name?: unknown } | undefined)?.name,
    ])
}

// the per-rule table and the totals, without the run time
function summaryOf(stderr: string): string {
  return stderr
    .split('\n')
    .filter(
      (line) => /^\d+\s+(low|medium|high|critical)\s/.test(line) || / alerts? from /.test(line),
    )
    .map((line) => line.replace(/\([\d.]+ s\)/, ''))
    .join('\n')
}
