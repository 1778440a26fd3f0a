import { parse, TomlError } from 'smol-toml'
import { error, fail, ok, SourceText } from '../syntax/index.ts'
import type { Diagnostic, Result } from '../syntax/index.ts'
import { TestFileLocator } from './locate.ts'
import type {
  AlertExpectation,
  Fixtures,
  InlineEvent,
  RunOptions,
  TestCase,
  TestFile,
} from './model.ts'
import { TableReader } from './table-reader.ts'
import type { Table } from './toml-values.ts'
import { eventOf, flattenFields, isTable } from './toml-values.ts'

const OPTION_KEYS = ['replay', 'exceptions', 'index', 'now', 'since', 'until'] as const
const FIXTURE_KEYS = ['events', 'files'] as const
const FILE_KEYS = ['rule', 'rule_id', ...OPTION_KEYS, ...FIXTURE_KEYS, 'case']
const CASE_KEYS = [
  'name',
  'alerts',
  'alert',
  'truncated_executions',
  'skip',
  'shared',
  ...OPTION_KEYS,
  ...FIXTURE_KEYS,
]
const ALERT_KEYS = ['events', 'fields']

/**
 * Parses a `<rule>.test.toml` file. A file that is not TOML, names no rule or has no case fails
 * as a whole; a problem inside one case is kept on that case, so the other cases still run.
 */
export function parseTestFile(path: string, text: string): Result<TestFile> {
  const source = new SourceText(path, text)
  const document = parseToml(source)
  if (!document.ok) return fail(document.diagnostics)

  const diagnostics: Diagnostic[] = []
  const locator = new TestFileLocator(source)
  const top = new TableReader(document.value, [], locator, diagnostics)
  top.checkKeys(FILE_KEYS)
  const rulePath = top.string('rule')
  const ruleId = top.string('rule_id')
  const options = readOptions(top)
  const fixtures = readFixtures(top)
  const cases = top.tables('case').map((table, i) => readCase(top, table, i))
  if (cases.length === 0 && top.table.case === undefined)
    diagnostics.push(error('ERR_TEST_NO_CASES', 'the test file has no [[case]]', top.span(), path))
  if (diagnostics.length > 0) return fail(diagnostics)

  const ruleSpan = top.span(rulePath === undefined ? 'rule_id' : 'rule')
  const rule = {
    span: ruleSpan,
    ...(rulePath === undefined ? {} : { path: rulePath }),
    ...(ruleId === undefined ? {} : { ruleId }),
  }

  return ok({ path, source, rule, options, fixtures, cases })
}

function parseToml(source: SourceText): Result<Table> {
  try {
    return ok(parse(source.text) as Table)
  } catch (caught) {
    if (!(caught instanceof TomlError)) throw caught

    const reason = (caught.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '')
    const offset = offsetOf(source, caught.line, caught.column)
    const span = source.spanAt(offset, offset + 1)

    return fail([
      error('ERR_TEST_TOML', `invalid toml: ${reason.toLowerCase()}`, span, source.name),
    ])
  }
}

function offsetOf(source: SourceText, line: number, column: number): number {
  let start = 0
  for (let n = 1; n < line; n++) start = source.text.indexOf('\n', start) + 1

  return start + column - 1
}

function readOptions(reader: TableReader): RunOptions {
  const exceptions = reader.string('exceptions')
  const times = (['now', 'since', 'until'] as const).map((key) => {
    const text = reader.time(key)

    return text === undefined ? {} : { [key]: { text, span: reader.span(key) } }
  })
  const replay = reader.boolean('replay')
  const index = reader.string('index')

  return Object.assign(
    {},
    replay === undefined ? {} : { replay },
    index === undefined ? {} : { index },
    exceptions === undefined
      ? {}
      : { exceptions: { path: exceptions, span: reader.span('exceptions') } },
    ...times,
  ) as RunOptions
}

function readFixtures(reader: TableReader): Fixtures {
  const files = (reader.stringList('files') ?? []).map((path, i) => ({
    path,
    span: reader.locator.valueSpan(reader.at('files').concat(i)),
  }))
  const raw = reader.table.events
  if (raw === undefined) return { events: [], files }
  if (!Array.isArray(raw)) {
    reader.string('events')
    reader.tables('events')

    return { events: [], files }
  }

  const events = raw.flatMap((item: unknown, i) => readEvent(reader, item, i) ?? [])

  return { events, files }
}

function readEvent(reader: TableReader, item: unknown, i: number): InlineEvent | undefined {
  const path = [...reader.at('events'), i]
  const span = reader.locator.keySpan(path)
  const table = typeof item === 'string' ? parseJsonEvent(reader, item, path) : item
  if (table === undefined) return undefined
  if (!isTable(table)) {
    const message = 'a fixture event must be a table or a JSON object string'
    reader.diagnostics.push(reader.locator.errorAt('ERR_TEST_TYPE', message, path))

    return undefined
  }

  const events = new TableReader(table, path, reader.locator, reader.diagnostics)
  const id = typeof item === 'string' ? jsonString(table, '_id') : events.string('_id')
  const index = typeof item === 'string' ? jsonString(table, '_index') : events.string('_index')

  return {
    source: eventOf(table),
    span,
    ...(id === undefined ? {} : { id }),
    ...(index === undefined ? {} : { index }),
  }
}

function parseJsonEvent(reader: TableReader, text: string, path: (string | number)[]) {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (caught) {
    const reason = caught instanceof Error ? caught.message : String(caught)
    reader.diagnostics.push(
      reader.locator.errorAt('ERR_TEST_EVENT_JSON', `invalid json event: ${reason}`, path),
    )

    return undefined
  }

  if (isTable(value)) return value

  reader.diagnostics.push(
    reader.locator.errorAt('ERR_TEST_EVENT_JSON', 'a json event must be an object', path),
  )

  return undefined
}

function jsonString(table: Table, key: string): string | undefined {
  const value = table[key]

  return typeof value === 'string' ? value : undefined
}

function readCase(top: TableReader, table: Table, i: number): TestCase {
  const diagnostics: Diagnostic[] = []
  const reader = new TableReader(table, ['case', i], top.locator, diagnostics)
  reader.checkKeys(CASE_KEYS)
  const name = reader.string('name') ?? `case ${String(i + 1)}`
  const alertCount = reader.count('alerts')
  const truncatedExecutions = reader.count('truncated_executions')
  const skip = reader.string('skip')
  const expected = reader.tables('alert').map((alert, n) => readAlert(reader, alert, n))
  if (alertCount === undefined && expected.length === 0 && table.alerts === undefined) {
    const message = `case "${name}" says neither how many alerts (alerts = N) nor which ([[case.alert]])`
    diagnostics.push(error('ERR_TEST_NO_EXPECTATION', message, reader.span(), top.locator.name))
  }

  if (alertCount !== undefined && expected.length > alertCount) {
    const message = `case "${name}" lists ${String(expected.length)} alerts but expects alerts = ${String(alertCount)}`
    diagnostics.push(top.locator.errorAt('ERR_TEST_COUNT', message, reader.at('alerts')))
  }

  return {
    name,
    span: reader.span(),
    options: readOptions(reader),
    fixtures: readFixtures(reader),
    expected,
    diagnostics,
    isShared: reader.boolean('shared') ?? true,
    ...(alertCount === undefined ? {} : { alertCount }),
    ...(truncatedExecutions === undefined ? {} : { truncatedExecutions }),
    ...(skip === undefined ? {} : { skip }),
  }
}

function readAlert(parent: TableReader, table: Table, n: number): AlertExpectation {
  const reader = new TableReader(
    table,
    parent.at('alert').concat(n),
    parent.locator,
    parent.diagnostics,
  )
  reader.checkKeys(ALERT_KEYS)
  const events = reader.stringList('events')
  const fields = reader.subtable('fields')

  return {
    fields: fields === undefined ? new Map() : flattenFields(fields),
    span: reader.span(),
    eventsSpan: reader.span(events === undefined ? undefined : 'events'),
    ...(events === undefined ? {} : { events }),
  }
}
