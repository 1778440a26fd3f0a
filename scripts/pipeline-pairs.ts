// compares the Windows mapping with Elastic's ingest pipeline test pairs (an input file of shipped
// documents, `X.json`, and the pipeline's output, `X.json-expected.json`), which the integrations
// repository keeps under packages/{system,windows}/data_stream/*/_dev/test/pipeline/. They are not
// part of this repository: fetch the ones to check into a folder of your own, then
//   node --import tsx scripts/pipeline-pairs.ts <folder>... [--verbose]
// An expectation without its input is checked against its own documents' `event.original`.
// Fields only the shipper or Elasticsearch can know (agent, host metadata, ingest times, the
// rendered message, the names Windows renders for task, opcode, level and keywords) are not
// compared. Prints each document's differences with --verbose, and the totals by field
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { mapWindowsEvent } from '../src/sources/winlog/index.ts'
import { flatten } from '../test/conformance/winlog/corpus.ts'
import { eventOf } from '../test/conformance/winlog/winlogbeat-event.ts'

type Doc = Record<string, unknown>

const NOT_COMPARED = [
  /^(agent|ecs|host|input|cloud|observer|data_stream|elastic_agent)\./,
  /^(message|tags|event\.original|event\.ingested|event\.created)$/,
  /^log\.(file\.|level$)/,
  /^winlog\.(api|task|opcode|level|keywords|outcome|provider_guid|time_created|user)(\.|$)/,
]

/** What Winlogbeat adds that the pipeline's inputs often lack: not counted as extra. */
const SHIPPER_FIELDS =
  /^(event\.(module|dataset|provider|outcome|kind|action)|host\.|log\.|winlog\.)/

interface Tally {
  documents: number
  matched: number
  differing: number
  extra: number
  readonly byField: Map<string, number>
}

const isCompared = (path: string): boolean => !NOT_COMPARED.some((re) => re.test(path))

// objects compare whatever their key order; arrays in order
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value !== 'object' || value === null) return value

  const entries = Object.keys(value).sort()

  return Object.fromEntries(entries.map((k) => [k, canonical((value as Doc)[k])]))
}

function same(path: string, ours: unknown, theirs: unknown): boolean {
  // sub-millisecond digits are not kept: Winlogbeat writes milliseconds
  if (path === '@timestamp' && typeof ours === 'string' && typeof theirs === 'string')
    return ours.slice(0, 23) === theirs.slice(0, 23)

  return JSON.stringify(canonical(ours)) === JSON.stringify(canonical(theirs))
}

function compareDocument(input: Doc, expected: Doc, tally: Tally): string[] {
  const ours = flatten(mapWindowsEvent(eventOf(input).event))
  const theirs = flatten(expected)
  const lines: string[] = []
  const count = (key: string): void => {
    tally.byField.set(key, (tally.byField.get(key) ?? 0) + 1)
  }
  for (const [path, value] of theirs) {
    if (!isCompared(path)) continue
    if (same(path, ours.get(path), value)) {
      tally.matched++
      continue
    }

    tally.differing++
    count(path)
    lines.push(
      `  ${path}: ours ${JSON.stringify(ours.get(path))}, expected ${JSON.stringify(value)}`,
    )
  }
  for (const [path, value] of ours) {
    if (theirs.has(path) || !isCompared(path) || SHIPPER_FIELDS.test(path)) continue

    tally.extra++
    count(`+${path}`)
    lines.push(`  + ${path}: ours ${JSON.stringify(value)}`)
  }

  return lines
}

// an input with neither winlog.* nor event.original has no event to map
function hasEvent(input: Doc): boolean {
  return input.winlog !== undefined || (input.event as Doc | undefined)?.original !== undefined
}

function readPairs(folder: string): { name: string; inputs: Doc[]; expected: Doc[] }[] {
  const suffix = '-expected.json'
  const names = readdirSync(folder).filter((f) => f.endsWith(suffix))

  return names.sort().map((file) => {
    const name = file.slice(0, -suffix.length)
    const expected = (JSON.parse(readFileSync(join(folder, file), 'utf8')) as { expected: Doc[] })
      .expected
    const inputPath = join(folder, name)
    const inputs = existsSync(inputPath)
      ? (JSON.parse(readFileSync(inputPath, 'utf8')) as { events: Doc[] }).events
      : expected.map((doc) => ({ event: { original: (doc.event as Doc | undefined)?.original } }))

    return { name, inputs, expected }
  })
}

function run(folders: readonly string[], isVerbose: boolean): void {
  const tally: Tally = { documents: 0, matched: 0, differing: 0, extra: 0, byField: new Map() }
  for (const folder of folders) {
    for (const { name, inputs, expected } of readPairs(folder)) {
      expected.forEach((doc, i) => {
        const input = inputs[i]
        if (input === undefined || !hasEvent(input)) return

        tally.documents++
        const lines = compareDocument(input, doc, tally)
        if (isVerbose && lines.length > 0)
          console.log(`${join(folder, name)}#${String(i)}\n${lines.join('\n')}`)
      })
    }
  }

  const { documents, matched, differing, extra } = tally
  console.log(
    `${String(documents)} documents: ${String(matched)} fields matched, ${String(differing)} differ, ${String(extra)} extra`,
  )
  const top = [...tally.byField].sort((a, b) => b[1] - a[1]).slice(0, 30)
  for (const [field, n] of top) console.log(`${String(n).padStart(6)} ${field}`)
}

const args = process.argv.slice(2)
const folders = args.filter((a) => a !== '--verbose')
if (folders.length === 0) {
  console.log('usage: node --import tsx scripts/pipeline-pairs.ts <folder>... [--verbose]')
  process.exitCode = 2
} else run(folders, args.includes('--verbose'))
