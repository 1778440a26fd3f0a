import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { derivedEventId, ruleUuid } from '../../src/detect/index.ts'
import { ROOT, runVigil, scratchFolder } from './cli-runner.ts'
import type { Run } from './cli-runner.ts'

const NOW = '2026-12-01T00:00:00.000Z'
const PROCESS_EVENTS = 'examples/events/process-events.ndjson'
const AUTH_EVENTS = 'examples/events/auth-events.ndjson'
const EXCHANGE_TOML = 'examples/rules/exchange-worker-shell.toml'
const EXCHANGE_PAGE = 'test/fixtures/rules/pages/exchange-worker-spawning-suspicious-processes.md'
const SPRAY_TOML = 'examples/rules/password-spray-then-success.toml'
// the three example rules, named one by one: examples/rules also holds their `vigil test` files
const EXAMPLE_RULES = [
  '--rules',
  'examples/rules/certutil-download.toml',
  '--rules',
  EXCHANGE_TOML,
  '--rules',
  SPRAY_TOML,
]
const EXCHANGE_RULE_ID = '6d1f6a52-4d3b-4f0e-9d44-0c6a7a3b1e01'

const scratch = scratchFolder('vigil-hunt-')

type Doc = Record<string, unknown>

function vigil(args: readonly string[]): Promise<Run> {
  return runVigil(['hunt', ...args])
}

async function hunt(args: readonly string[]): Promise<{ run: Run; alerts: Doc[] }> {
  const run = await vigil(['--now', NOW, '--format', 'ndjson', ...args])
  const alerts = run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Doc)

  return { run, alerts }
}

function writeFixture(name: string, text: string): string {
  return scratch.write(name, text)
}

function nested(doc: Doc, path: string): unknown {
  let current: unknown = doc
  for (const part of path.split('.'))
    current = (current as Record<string, unknown> | undefined)?.[part]

  return current
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** The Exchange rule with extra `[rule]` keys and tables appended. */
function exchangeVariant(name: string, ruleKeys: string, tables = ''): string {
  const text = readFileSync(join(ROOT, EXCHANGE_TOML), 'utf8')

  return writeFixture(name, text.replace('[rule]\n', `[rule]\n${ruleKeys}\n`) + tables)
}

describe('vigil hunt: the Exchange worker rule', () => {
  test('the TOML rule raises exactly the four true positives', async () => {
    const { run, alerts } = await hunt(['--rules', EXCHANGE_TOML, PROCESS_EVENTS])
    assert.equal(run.code, 0, run.stderr)
    // cmd.exe and powershell.exe on exch01 by name, svchostx.exe by its PE original name
    // (Cmd.Exe), PowerShell.EXE under W3WP.EXE on exch02; not the lowercase pe name, not web02
    // (DefaultAppPool), not ws-17 (explorer), not lnx01 (linux)
    assert.deepEqual(
      alerts.map((a) => [
        nested(a, 'host.name'),
        nested(a, 'process.name'),
        a['kibana.alert.original_time'],
      ]),
      [
        ['exch01', 'cmd.exe', '2026-11-20T08:14:02.101Z'],
        ['exch01', 'powershell.exe', '2026-11-20T08:14:09.555Z'],
        ['exch01', 'svchostx.exe', '2026-11-20T08:20:41.007Z'],
        ['exch02', 'PowerShell.EXE', '2026-11-20T10:11:12.131Z'],
      ],
    )
  })

  test('an alert document holds what Kibana writes, field by field', async () => {
    const { alerts } = await hunt(['--rules', EXCHANGE_TOML, PROCESS_EVENTS])
    const alert = alerts[0] ?? {}
    const uuid = ruleUuid(EXCHANGE_RULE_ID)
    const eventId = derivedEventId(PROCESS_EVENTS, 1)
    assert.equal(
      alert['kibana.alert.uuid'],
      sha256(`${PROCESS_EVENTS}${eventId}undefineddefault:${uuid}`),
    )
    assert.equal(alert['@timestamp'], NOW)
    assert.equal(alert['event.kind'], 'signal')
    assert.equal(nested(alert, 'event.kind'), undefined)
    assert.deepEqual(nested(alert, 'event.category'), ['process'])
    assert.equal(alert['kibana.alert.original_event.kind'], 'event')
    assert.equal(alert['kibana.alert.original_event.ingested'], '2026-11-20T08:14:02.900Z')
    assert.equal(alert['kibana.alert.original_event.dataset'], 'endpoint.events.process')
    assert.equal(alert['kibana.alert.original_time'], '2026-11-20T08:14:02.101Z')
    assert.deepEqual(alert['kibana.alert.ancestors'], [
      { id: eventId, type: 'event', index: PROCESS_EVENTS, depth: 0 },
    ])
    assert.equal(alert['kibana.alert.depth'], 1)
    assert.equal(alert['kibana.alert.severity'], 'high')
    assert.equal(alert['kibana.alert.risk_score'], 73)
    assert.equal(alert['kibana.alert.status'], 'active')
    assert.equal(alert['kibana.alert.workflow_status'], 'open')
    assert.deepEqual(alert['kibana.space_ids'], ['default'])
    assert.equal(
      alert['kibana.alert.reason'],
      'process event with process cmd.exe, parent process w3wp.exe, by SYSTEM on exch01 created high alert Exchange Worker Started a Shell.',
    )
    assert.equal(alert['kibana.alert.rule.name'], 'Exchange Worker Started a Shell')
    assert.equal(alert['kibana.alert.rule.rule_id'], EXCHANGE_RULE_ID)
    assert.equal(alert['kibana.alert.rule.uuid'], uuid)
    assert.equal(alert['kibana.alert.rule.type'], 'eql')
    assert.equal(alert['kibana.alert.rule.severity'], 'high')
    assert.equal(alert['kibana.alert.rule.risk_score'], 73)
    assert.equal(alert['kibana.alert.rule.from'], 'now-9m')
    assert.equal(alert['kibana.alert.rule.to'], 'now')
    assert.equal(alert['kibana.alert.rule.interval'], '5m')
    assert.equal(alert['kibana.alert.rule.max_signals'], 100)
    assert.equal(alert['kibana.alert.rule.license'], 'Apache-2.0')
    assert.deepEqual(alert['kibana.alert.rule.author'], ['Vigil'])
    assert.equal(alert['kibana.alert.rule.version'], 1)
    assert.equal(alert['kibana.alert.rule.timestamp_override'], 'event.ingested')
    assert.deepEqual(alert['kibana.alert.rule.tags'], [
      'OS: Windows',
      'Tactic: Initial Access',
      'Tactic: Execution',
      'Vigil: Example',
    ])
    const threat = alert['kibana.alert.rule.threat'] as { technique: { id: string }[] }[]
    assert.deepEqual(
      threat.map((t) => t.technique.map((x) => x.id)),
      [['T1190'], ['T1059']],
    )
    const parameters = alert['kibana.alert.rule.parameters'] as Doc
    assert.equal(parameters.language, 'eql')
    assert.deepEqual(parameters.index, [
      'logs-endpoint.events.process-*',
      'winlogbeat-*',
      'logs-windows.sysmon_operational-*',
    ])
    assert.match(String(parameters.query), /process where host\.os\.type == "windows"/)
  })

  test("the rule in Elastic's rule page form raises the same four alerts", async () => {
    const { run, alerts } = await hunt(['--rules', EXCHANGE_PAGE, PROCESS_EVENTS])
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(
      alerts.map((a) => [nested(a, 'host.name'), nested(a, 'process.name')]),
      [
        ['exch01', 'cmd.exe'],
        ['exch01', 'powershell.exe'],
        ['exch01', 'svchostx.exe'],
        ['exch02', 'PowerShell.EXE'],
      ],
    )
    assert.equal(
      alerts[0]?.['kibana.alert.rule.name'],
      'Microsoft Exchange Worker Spawning Suspicious Processes',
    )
  })

  test('the same run twice gives byte-identical alerts', async () => {
    const first = await hunt(['--rules', EXCHANGE_TOML, PROCESS_EVENTS])
    const second = await hunt(['--rules', EXCHANGE_TOML, PROCESS_EVENTS])
    assert.equal(first.run.stdout, second.run.stdout)
  })

  test('replay gives the same four alerts, overlapping windows de-duplicated', async () => {
    const { run, alerts } = await hunt(['--replay', '--rules', EXCHANGE_TOML, PROCESS_EVENTS])
    assert.equal(run.code, 0, run.stderr)
    assert.equal(alerts.length, 4)
    assert.equal(new Set(alerts.map((a) => a['kibana.alert.uuid'])).size, 4)
  })
})

describe('vigil hunt: sequences', () => {
  test('the password spray rule finds one sequence: bob on dc01 at 12:00', async () => {
    const { run, alerts } = await hunt(['--rules', SPRAY_TOML, AUTH_EVENTS])
    assert.equal(run.code, 0, run.stderr)
    const [shell, ...blocks] = alerts
    assert.equal(alerts.length, 5)
    assert.equal(nested(shell ?? {}, 'user.name'), 'bob')
    assert.equal(nested(shell ?? {}, 'host.name'), 'dc01')
    assert.equal(shell?.['kibana.alert.group.id'], shell?.['kibana.alert.uuid'])
    assert.equal(shell?.['kibana.alert.depth'], 2)
    assert.equal(shell?.['kibana.alert.building_block_type'], undefined)
    assert.equal(nested(shell ?? {}, 'event.outcome'), undefined)
    assert.deepEqual(
      blocks.map((b) => [
        b['kibana.alert.original_time'],
        nested(b, 'event.outcome'),
        b['kibana.alert.group.index'],
        b['kibana.alert.building_block_type'],
      ]),
      [
        ['2026-11-21T12:00:01.000Z', 'failure', 0, 'default'],
        ['2026-11-21T12:00:09.000Z', 'failure', 1, 'default'],
        ['2026-11-21T12:00:20.000Z', 'failure', 2, 'default'],
        ['2026-11-21T12:00:41.000Z', 'success', 3, 'default'],
      ],
    )
    for (const block of blocks) {
      assert.equal(block['kibana.alert.group.id'], shell?.['kibana.alert.uuid'])
      assert.equal(block['kibana.alert.depth'], 1)
    }
    const ancestors = shell?.['kibana.alert.ancestors'] as { type: string }[]
    assert.deepEqual(
      ancestors.map((a) => a.type),
      ['event', 'signal', 'event', 'signal', 'event', 'signal', 'event', 'signal'],
    )
  })
})

describe('vigil hunt: replay and max_signals', () => {
  const rule = writeFixture(
    'burst-rule.toml',
    `[rule]
author = ["Vigil"]
description = "Any cmd.exe start."
name = "Burst"
risk_score = 21
rule_id = "e2e-burst"
severity = "low"
type = "query"
language = "kuery"
from = "now-9m"
interval = "5m"
max_signals = 2
query = 'process.name:cmd.exe'
`,
  )
  const events = writeFixture(
    'burst.ndjson',
    [0, 1, 2, 3, 4]
      .map((s) =>
        JSON.stringify({
          '@timestamp': `2026-11-20T10:01:0${String(s)}Z`,
          process: { name: 'cmd.exe' },
          event: { category: ['process'] },
        }),
      )
      .join('\n'),
  )

  test('each execution writes at most max_signals new alerts and warns', async () => {
    const { run, alerts } = await hunt(['--replay', '--rules', rule, events])
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(
      alerts.map((a) => a['kibana.alert.original_time']),
      [
        '2026-11-20T10:01:00.000Z',
        '2026-11-20T10:01:01.000Z',
        '2026-11-20T10:01:02.000Z',
        '2026-11-20T10:01:03.000Z',
      ],
    )
    assert.equal(run.stderr.match(/ERR_DETECT_MAX_SIGNALS/g)?.length, 2)
    assert.match(run.stderr, /2 executions cut by max_signals/)
  })

  test('without replay max_signals does not cut', async () => {
    const { alerts } = await hunt(['--rules', rule, events])
    assert.equal(alerts.length, 5)
  })
})

describe('vigil hunt: exceptions', () => {
  const list = {
    id: 'list-1',
    list_id: 'exchange-exceptions',
    name: 'Exchange',
    type: 'detection',
    namespace_type: 'single',
    description: 'x',
  }
  const item = (itemId: string, entries: unknown[], extra: Doc = {}) => ({
    item_id: itemId,
    list_id: 'exchange-exceptions',
    name: itemId,
    type: 'simple',
    namespace_type: 'single',
    os_types: [],
    entries,
    ...extra,
  })
  const exportText = [
    list,
    item('exch02', [{ field: 'host.name', type: 'match', operator: 'included', value: 'exch02' }]),
    item(
      'ecp-on-linux-only',
      [
        {
          field: 'process.parent.args',
          type: 'match_any',
          operator: 'included',
          value: ['MSExchangeECPAppPool'],
        },
      ],
      { os_types: ['linux'] },
    ),
    item('pe-name', [
      {
        field: 'process.pe.original_file_name',
        type: 'wildcard',
        operator: 'included',
        value: 'Cmd.*',
      },
      { field: 'process.pid', type: 'exists', operator: 'included' },
    ]),
    item('value-list', [
      {
        field: 'host.name',
        type: 'list',
        operator: 'included',
        list: { id: 'hosts', type: 'keyword' },
      },
    ]),
    {
      exported_exception_list_count: 1,
      exported_exception_list_item_count: 4,
      missing_exception_list_item_count: 0,
    },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n')
  const exceptions = writeFixture('exceptions.ndjson', `${exportText}\n`)
  const referencing = exchangeVariant(
    'exchange-with-exceptions.toml',
    '',
    `
[[rule.exceptions_list]]
id = "list-1"
list_id = "exchange-exceptions"
namespace_type = "single"
type = "detection"
`,
  )

  test('items of the referenced list remove matching events; value lists warn once', async () => {
    const { run, alerts } = await hunt([
      '--exceptions',
      exceptions,
      '--rules',
      referencing,
      PROCESS_EVENTS,
    ])
    assert.equal(run.code, 0, run.stderr)
    // exch02 is excepted, the PE-name item removes svchostx.exe; the ECP item is linux-only
    assert.deepEqual(
      alerts.map((a) => [nested(a, 'host.name'), nested(a, 'process.name')]),
      [
        ['exch01', 'cmd.exe'],
        ['exch01', 'powershell.exe'],
      ],
    )
    assert.equal(run.stderr.match(/ERR_DETECT_VALUE_LIST/g)?.length, 1)
  })

  test('rules that do not reference the list are untouched', async () => {
    const { alerts } = await hunt([
      '--exceptions',
      exceptions,
      '--rules',
      EXCHANGE_TOML,
      PROCESS_EVENTS,
    ])
    assert.equal(alerts.length, 4)
  })
})

describe('vigil hunt: overrides and building blocks', () => {
  const rule = exchangeVariant(
    'exchange-overrides.toml',
    `rule_name_override = "labels.rule"
building_block_type = "default"`,
    `
[[rule.severity_mapping]]
field = "host.name"
operator = "equals"
value = "exch02"
severity = "critical"

[[rule.severity_mapping]]
field = "process.name"
operator = "equals"
value = "cmd.exe"
severity = "low"

[[rule.risk_score_mapping]]
field = "process.parent.pid"
operator = "equals"
value = ""
`,
  )

  test('severity, risk score and rule name come from the event', async () => {
    const { run, alerts } = await hunt(['--rules', rule, PROCESS_EVENTS])
    assert.equal(run.code, 0, run.stderr)
    // process.parent.pid is 3020/3021/5001: outside 0–100, so the rule's 73 stays
    assert.deepEqual(
      alerts.map((a) => [
        a['kibana.alert.severity'],
        a['kibana.alert.risk_score'],
        a['kibana.alert.building_block_type'],
      ]),
      [
        ['low', 73, 'default'],
        ['high', 73, 'default'],
        ['high', 73, 'default'],
        ['critical', 73, 'default'],
      ],
    )
    assert.match(
      String(alerts[3]?.['kibana.alert.reason']),
      /created critical alert Exchange Worker Started a Shell\.$/,
    )
  })

  test('--min-severity keeps alerts at or above the level', async () => {
    const { alerts } = await hunt(['--min-severity', 'critical', '--rules', rule, PROCESS_EVENTS])
    assert.deepEqual(
      alerts.map((a) => nested(a, 'host.name')),
      ['exch02'],
    )
  })
})

describe('vigil hunt: inputs and indices', () => {
  const bulk = writeFixture(
    'bulk.ndjson',
    readFileSync(join(ROOT, PROCESS_EVENTS), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .flatMap((line, i) => [
        JSON.stringify({
          index: {
            _index: i === 3 ? 'auditbeat-8' : 'logs-endpoint.events.process-default',
            _id: `doc-${String(i)}`,
          },
        }),
        line,
      ])
      .join('\n'),
  )

  test('a rule only runs over inputs whose _index fits its patterns', async () => {
    const { alerts } = await hunt(['--rules', EXCHANGE_TOML, bulk])
    // the svchostx.exe start (event 3) sits in auditbeat-8, which the rule does not search
    assert.deepEqual(
      alerts.map((a) => (a['kibana.alert.ancestors'] as { id: string; index: string }[])[0]),
      [
        { id: 'doc-0', type: 'event', index: 'logs-endpoint.events.process-default', depth: 0 },
        { id: 'doc-2', type: 'event', index: 'logs-endpoint.events.process-default', depth: 0 },
        { id: 'doc-11', type: 'event', index: 'logs-endpoint.events.process-default', depth: 0 },
      ],
    )
  })

  test('--index names the index of the inputs after it', async () => {
    const outside = await hunt([...EXAMPLE_RULES, '--index', 'auditbeat-1', PROCESS_EVENTS])
    assert.equal(outside.alerts.length, 0)
    const inside = await hunt([
      ...EXAMPLE_RULES,
      '--index',
      'winlogbeat-8',
      PROCESS_EVENTS,
      '--index',
      'logs-x',
      AUTH_EVENTS,
    ])
    assert.equal(inside.alerts.length, 5)
  })

  test('--since and --until limit the events', async () => {
    const { alerts } = await hunt([
      '--since',
      '2026-11-20T08:14:05Z',
      '--until',
      '2026-11-20T09:00:00Z',
      '--rules',
      EXCHANGE_TOML,
      PROCESS_EVENTS,
    ])
    assert.deepEqual(
      alerts.map((a) => nested(a, 'process.name')),
      ['powershell.exe', 'svchostx.exe'],
    )
  })
})

describe('vigil hunt: output formats and exit codes', () => {
  test('bulk writes a create action with the alert id before each document', async () => {
    const run = await vigil([
      '--now',
      NOW,
      '--format',
      'bulk',
      '--rules',
      EXCHANGE_TOML,
      PROCESS_EVENTS,
    ])
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Doc)
    assert.equal(lines.length, 8)
    for (let i = 0; i < lines.length; i += 2) {
      const action = lines[i]?.create as { _index: string; _id: string }
      assert.equal(action._index, '.alerts-security.alerts-default')
      assert.equal(action._id, lines[i + 1]?.['kibana.alert.uuid'])
    }
  })

  test('csv writes a header and one row per alert', async () => {
    const run = await vigil([
      '--now',
      NOW,
      '--format',
      'csv',
      '--rules',
      EXCHANGE_TOML,
      PROCESS_EVENTS,
    ])
    const rows = run.stdout.trimEnd().split('\r\n')
    assert.equal(rows.length, 5)
    assert.match(
      rows[0] ?? '',
      /^kibana\.alert\.uuid,kibana\.alert\.original_time,kibana\.alert\.rule\.name,/,
    )
    assert.match(rows[4] ?? '', /,exch02,SYSTEM,PowerShell\.EXE,/)
  })

  test('--out writes the alerts to a file and nothing to stdout', async () => {
    const out = join(scratch.path, 'alerts.ndjson')
    const run = await vigil(['--now', NOW, '--out', out, '--rules', EXCHANGE_TOML, PROCESS_EVENTS])
    assert.equal(run.stdout, '')
    assert.equal(readFileSync(out, 'utf8').trimEnd().split('\n').length, 4)
  })

  test('an --out path that cannot be created fails at once, before any rule is loaded', async () => {
    const out = join(scratch.path, 'no-such-folder', 'alerts.ndjson')
    // these rules would be warned about (ERR_DETECT_UNSUPPORTED_RULE) once loaded
    const rules = ['--rules', 'test/fixtures/rules/toml']
    const run = await vigil(['--now', NOW, '--out', out, ...rules, PROCESS_EVENTS])
    assert.equal(run.code, 1)
    assert.equal(run.stdout, '')
    assert.match(
      run.stderr,
      /ERR_OUTPUT_WRITE cannot create ".*alerts\.ndjson": its folder does not exist \(ENOENT\)/,
    )
    assert.doesNotMatch(run.stderr, /ERR_DETECT_UNSUPPORTED_RULE|alerts from/)
  })

  test(
    'an --out file that fills up is reported and exits 1',
    { skip: !existsSync('/dev/full') && 'no /dev/full here' },
    async () => {
      const run = await vigil([
        '--now',
        NOW,
        '--out',
        '/dev/full',
        '--rules',
        EXCHANGE_TOML,
        PROCESS_EVENTS,
      ])
      assert.equal(run.code, 1)
      assert.match(
        run.stderr,
        /ERR_OUTPUT_WRITE cannot write "\/dev\/full": the disk is full \(ENOSPC\)/,
      )
      assert.match(run.stderr, /4 alerts from 1 of 1 rule/)
    },
  )

  test('the summary per rule and the totals go to stderr', async () => {
    const { run } = await hunt([...EXAMPLE_RULES, 'examples/events'])
    assert.match(
      run.stderr,
      /4\s+high\s+T1190, T1059, T1059\.003\s+Exchange Worker Started a Shell/,
    )
    assert.match(run.stderr, /10 alerts from 3 of 3 rules over 28 events in 2 files/)
  })

  test('unrunnable rules are warned about once and the rest run', async () => {
    const { run, alerts } = await hunt(['--rules', 'test/fixtures/rules/toml', PROCESS_EVENTS])
    assert.equal(run.code, 0)
    assert.equal(
      run.stderr.match(/threshold\.toml:\d+:\d+ ERR_DETECT_UNSUPPORTED_RULE/g)?.length,
      1,
    )
    assert.ok(alerts.length > 0)
  })

  test('--fail-on-alert exits 3 when alerts are raised, 0 when none', async () => {
    assert.equal(
      (await vigil(['--fail-on-alert', '--rules', EXCHANGE_TOML, PROCESS_EVENTS])).code,
      3,
    )
    assert.equal((await vigil(['--fail-on-alert', '--rules', EXCHANGE_TOML, AUTH_EVENTS])).code, 0)
  })

  test('no runnable rule or an unreadable input exits 1', async () => {
    assert.equal(
      (await vigil(['--rules', 'test/fixtures/rules/toml/threshold.toml', PROCESS_EVENTS])).code,
      1,
    )
    const missing = await vigil(['--rules', EXCHANGE_TOML, join(scratch.path, 'missing.ndjson')])
    assert.equal(missing.code, 1)
  })

  test('when no input exists the hunt stops before any rule is loaded', async () => {
    const gone = [join(scratch.path, 'gone.ndjson'), join(scratch.path, 'gone-folder')]
    const run = await vigil(['--rules', 'test/fixtures/rules/toml', ...gone])
    assert.equal(run.code, 1)
    assert.equal(run.stdout, '')
    assert.match(
      run.stderr,
      /gone\.ndjson:1:1 ERR_INPUT_READ cannot read ".*gone\.ndjson": no such/,
    )
    assert.match(run.stderr, /gone-folder:1:1 ERR_INPUT_READ cannot read ".*gone-folder": no such/)
    assert.match(run.stderr, /none of the inputs can be read/)
    assert.doesNotMatch(run.stderr, /ERR_DETECT_UNSUPPORTED_RULE|alerts from/)
  })

  test('a missing input beside readable ones is reported once and the rest are hunted', async () => {
    const gone = join(scratch.path, 'gone.ndjson')
    const run = await vigil(['--now', NOW, '--rules', EXCHANGE_TOML, gone, PROCESS_EVENTS])
    assert.equal(run.code, 1)
    assert.equal(run.stderr.match(/gone\.ndjson:1:1 ERR_INPUT_READ/g)?.length, 1)
    assert.equal(run.stdout.trimEnd().split('\n').length, 4)
  })

  test('missing --rules is a usage error', async () => {
    assert.equal((await vigil([PROCESS_EVENTS])).code, 2)
  })
})

describe('vigil hunt --profile', () => {
  const THRESHOLD_TOML = 'test/fixtures/rules/toml/threshold.toml'

  test('prints one line per rule that ran and the rules that never ran, with why', async () => {
    const args = [...EXAMPLE_RULES, '--rules', THRESHOLD_TOML, 'examples/events']
    const { run } = await hunt(['--profile', ...args])
    assert.equal(run.code, 0)
    assert.match(
      run.stderr,
      /\d+\.\d ms\s+\d+\.\d%\s+\d+\s+4\s+4\s+-\s+Exchange Worker Started a Shell\n/,
    )
    assert.match(run.stderr, /\s1\s+-\s+Certutil Used to Download or Decode\n/)
    assert.match(run.stderr, /\s5\s+-\s+Repeated Logon Failures Followed by Success\n/)
    // lines no rule's prefilter accepts are never offered
    assert.match(run.stderr, /profile: 3 rules ran over \d+ events in [\d.]+ ms of rule time/)
    assert.match(
      run.stderr,
      /1 rules never ran:\n {2}Logon Failures Burst \(.+threshold\.toml\): ERR_DETECT_UNSUPPORTED_RULE /,
    )
  })

  test('profiling leaves the alerts as they are', async () => {
    const args = [...EXAMPLE_RULES, 'examples/events']
    const plain = await vigil(['--now', NOW, '--format', 'ndjson', ...args])
    const profiled = await vigil(['--now', NOW, '--format', 'ndjson', '--profile', ...args])
    assert.ok(plain.stdout.length > 0)
    assert.equal(profiled.stdout, plain.stdout)
  })
})

describe('vigil hunt: alert suppression', () => {
  const rule = writeFixture(
    'suppressed-starts.toml',
    `[metadata]
creation_date = "2026/12/04"

[rule]
author = ["Vigil"]
description = "Process starts, one alert per host."
name = "Process Starts per Host"
risk_score = 21
rule_id = "3f1c7a9e-5b2d-4e8f-9a6c-0d4b7e2f1a55"
severity = "low"
type = "query"
language = "kuery"
index = ["logs-*"]
query = "event.category:process and event.type:start"

[rule.alert_suppression]
group_by = ["host.name"]
missing_fields_strategy = "suppress"
`,
  )

  test('one alert per host, counting its other events', async () => {
    const { run, alerts } = await hunt(['--rules', rule, PROCESS_EVENTS])
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(
      alerts.map((a) => [
        nested(a, 'host.name'),
        a['kibana.alert.suppression.docs_count'],
        a['kibana.alert.suppression.start'],
        a['kibana.alert.suppression.end'],
      ]),
      [
        ['exch01', 5, '2026-11-20T08:14:02.101Z', '2026-11-20T08:40:12.000Z'],
        ['exch02', 0, '2026-11-20T10:11:12.131Z', '2026-11-20T10:11:12.131Z'],
        ['lnx01', 0, '2026-11-20T10:20:00.000Z', '2026-11-20T10:20:00.000Z'],
        ['web02', 0, '2026-11-20T09:02:44.310Z', '2026-11-20T09:02:44.310Z'],
        ['ws-17', 2, '2026-11-20T09:05:00.000Z', '2026-11-20T09:08:30.000Z'],
      ],
    )
    assert.deepEqual(alerts[0]?.['kibana.alert.suppression.terms'], [
      { field: 'host.name', value: 'exch01' },
    ])
    assert.equal(typeof alerts[0]?.['kibana.alert.instance.id'], 'string')
    assert.match(
      run.stderr,
      /5 alerts from 1 of 1 rule over 13 events in 1 file .*, 7 more events suppressed into them/,
    )
  })

  test('an EQL rule suppresses the same starts, each term listing the values of its field', async () => {
    const eql = writeFixture(
      'suppressed-starts-eql.toml',
      readFileSync(rule, 'utf8')
        .replace('type = "query"\nlanguage = "kuery"', 'type = "eql"\nlanguage = "eql"')
        .replace(
          'query = "event.category:process and event.type:start"',
          'query = \'process where event.type == "start"\'',
        ),
    )
    const { run, alerts } = await hunt(['--rules', eql, PROCESS_EVENTS])
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(
      alerts.map((a) => [
        a['kibana.alert.suppression.terms'],
        a['kibana.alert.suppression.docs_count'],
      ]),
      [
        [[{ field: 'host.name', value: ['exch01'] }], 5],
        [[{ field: 'host.name', value: ['web02'] }], 0],
        [[{ field: 'host.name', value: ['ws-17'] }], 2],
        [[{ field: 'host.name', value: ['exch02'] }], 0],
        [[{ field: 'host.name', value: ['lnx01'] }], 0],
      ],
    )
  })

  test('without alert_suppression every start is an alert', async () => {
    const plain = writeFixture(
      'plain-starts.toml',
      readFileSync(rule, 'utf8').replace(/\[rule\.alert_suppression\][^]*$/, ''),
    )
    const { alerts } = await hunt(['--rules', plain, PROCESS_EVENTS])
    assert.equal(alerts.length, 12)
  })
})
