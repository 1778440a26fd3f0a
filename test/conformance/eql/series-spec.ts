import type { SequencePlan } from '../../../src/compile/index.ts'
import { SequenceMatcher, toEngineEvent } from '../../../src/engine/index.ts'
import type { EngineEvent, SequenceResult } from '../../../src/engine/index.ts'

/**
 * Elasticsearch's `sequences.series-spec`: each spec names a case, gives one line of events per
 * sequence step (`A1` = an event at time 1 for that line's step, `k|A1` with join key `k`), then
 * the expected sequences, one per line; blocks end with `;`.
 */
export interface SeriesSpec {
  readonly name: string
  readonly line: number
  /** Per step, its events: timestamp and key. */
  readonly steps: readonly (readonly { readonly time: number; readonly key: string }[])[]
  /** Expected sequences as timestamp lists. */
  readonly expected: readonly (readonly number[])[]
}

const TOKEN = /^(?:([^|\s]+)\|)?[A-Za-z]+(\d+)$/

/** Parses a series-spec file. Throws on a malformed spec (the file is test data we trust). */
export function parseSeriesSpec(text: string): SeriesSpec[] {
  const lines = text.split(/\r?\n/).map((raw, index) => ({ raw, number: index + 1 }))
  const useful = lines.filter(({ raw }) => raw.trim() !== '' && !raw.trim().startsWith('//'))
  const specs: SeriesSpec[] = []
  let at = 0
  while (at < useful.length) {
    const header = useful[at++]
    if (header === undefined) break

    const events = readBlock(useful, at)
    const results = readBlock(useful, events.next)
    at = results.next
    specs.push({
      name: header.raw.trim(),
      line: header.number,
      steps: events.rows.map((row) => row.map(parseToken)),
      expected: results.rows.map((row) => row.map((token) => parseToken(token).time)),
    })
  }

  return specs
}

function readBlock(
  lines: readonly { raw: string; number: number }[],
  from: number,
): { rows: string[][]; next: number } {
  const rows: string[][] = []
  let at = from
  for (; at < lines.length; at++) {
    const text = lines[at]?.raw.trim() ?? ''
    if (text === ';') return { rows, next: at + 1 }

    rows.push(text.split(/\s+/))
  }

  throw new Error(`series spec block starting at line ${String(lines[from]?.number)} lacks ';'`)
}

function parseToken(token: string): { time: number; key: string } {
  const match = TOKEN.exec(token)
  if (match === null) throw new Error(`bad series-spec token ${token}`)

  return { time: Number(match[2]), key: match[1] ?? '' }
}

/** Runs one spec through the matcher and returns the sequences found, as timestamp lists. */
export function runSeriesSpec(spec: SeriesSpec): number[][] {
  const plan = specPlan(spec.steps.length)
  const events = spec.steps
    .flatMap((tokens, step) => tokens.map((token) => ({ ...token, step })))
    .sort((a, b) => a.time - b.time)
    .map((token, ordinal) =>
      toEngineEvent({ '@timestamp': token.time, step: token.step, key: token.key }, { ordinal }),
    )
  const matcher = new SequenceMatcher(plan)
  const found: SequenceResult[] = []
  for (const event of events) found.push(...matcher.advance(event))
  found.push(...matcher.flush())

  return found.map((result) => result.events.map((event) => (event as EngineEvent).timestamp))
}

function specPlan(stepCount: number): SequencePlan {
  const keys = (event: Readonly<Record<string, unknown>>) => [[String(event['key'])]]
  const steps = Array.from({ length: stepCount }, (_, index) => ({
    filter: {
      category: null,
      matches: (event: Readonly<Record<string, unknown>>) => event['step'] === index,
    },
    keys,
    isMissing: false,
  }))

  return { kind: 'sequence', steps, until: null, maxspanMs: null, keyCount: 1, pipes: [] }
}
