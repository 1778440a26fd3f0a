import { spawnSync } from 'node:child_process'

import type { XmlElement } from '../../../src/sources/xml/element.ts'
import { childElement, childElements, ownText } from '../../../src/sources/xml/element.ts'
import { parseXmlDocuments } from './xml-text.ts'

/** One value that differs between our tree and libevtx's. */
export interface FieldMismatch {
  readonly path: string
  readonly ours: string
  readonly theirs: string
}

/** How one file's events compare with `evtxexport -f xml`. */
export interface FileComparison {
  /** Events libevtx printed. */
  readonly theirs: number
  /** Of those, events we also produced (matched by `EventRecordID`, in order). */
  readonly matched: number
  /** Matched events whose every field agrees. */
  readonly equalEvents: number
  /** Fields (attribute values and element texts) compared, and how many agree. */
  readonly fields: number
  readonly equalFields: number
  readonly mismatches: readonly FieldMismatch[]
}

const MAX_KEPT_MISMATCHES = 20

/** True when `evtxexport` can be run. */
export function hasEvtxexport(): boolean {
  const probe = spawnSync('evtxexport', ['-V'], { encoding: 'utf8' })

  return probe.error === undefined
}

/** The events `evtxexport -f xml` prints for a file (none when it fails on the file). */
export function libevtxEvents(path: string): XmlElement[] {
  const run = spawnSync('evtxexport', ['-f', 'xml', path], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  })

  return run.stdout ? parseXmlDocuments(run.stdout) : []
}

/**
 * Compares our events with libevtx's value by value. Differences in form that are documented
 * choices (format doc §5) are normalised away first: 9 vs 7 fractional digits, zero-padded vs
 * plain hex, decimal vs hex SizeT, GUID case, `3.199234e+003` vs `3199.234`, CR LF vs LF.
 */
export function compareWithLibevtx(
  ours: readonly XmlElement[],
  theirs: readonly XmlElement[],
): FileComparison {
  const tally = { matched: 0, equalEvents: 0, fields: 0, equalFields: 0 }
  const mismatches: FieldMismatch[] = []
  let next = 0
  for (const event of theirs) {
    const id = recordIdOf(event)
    const at = ours.findIndex((e, i) => i >= next && recordIdOf(e) === id)
    if (at < 0) continue

    next = at + 1
    tally.matched += 1
    const found: FieldMismatch[] = []
    const counted = compareElements(ours[at] ?? event, event, 'Event', found)
    tally.fields += counted
    tally.equalFields += counted - found.length
    if (found.length === 0) tally.equalEvents += 1
    for (const m of found) if (mismatches.length < MAX_KEPT_MISMATCHES) mismatches.push(m)
  }

  return { theirs: theirs.length, ...tally, mismatches }
}

function recordIdOf(event: XmlElement): string {
  const system = childElement(event, 'System')
  const id = system === undefined ? undefined : childElement(system, 'EventRecordID')

  return id === undefined ? '' : ownText(id)
}

// returns the number of fields compared and pushes the ones that differ
function compareElements(
  ours: XmlElement,
  theirs: XmlElement,
  path: string,
  out: FieldMismatch[],
): number {
  let fields = 1
  if (!isSameValue(ownText(ours), ownText(theirs))) {
    out.push({ path, ours: ownText(ours), theirs: ownText(theirs) })
  }

  const names = new Set([...Object.keys(ours.attributes), ...Object.keys(theirs.attributes)])
  for (const name of names) {
    fields += 1
    const a = ours.attributes[name]
    const b = theirs.attributes[name]
    if (a === undefined || b === undefined || !isSameValue(a, b)) {
      out.push({ path: `${path}@${name}`, ours: a ?? '<absent>', theirs: b ?? '<absent>' })
    }
  }

  const a = childElements(ours)
  const b = childElements(theirs)
  if (a.length !== b.length) {
    const names = (list: XmlElement[]): string => list.map((e) => e.name).join(',')
    out.push({ path: `${path}/*`, ours: names(a), theirs: names(b) })
  }

  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]
    const y = b[i]
    if (x === undefined || y === undefined) continue
    if (x.name !== y.name) {
      fields += 1
      out.push({ path: `${path}/${i}`, ours: x.name, theirs: y.name })
      continue
    }

    fields += compareElements(x, y, `${path}/${x.name}[${i}]`, out)
  }

  return fields
}

/** Whether two rendered values agree once documented differences of form are normalised. */
export function isSameValue(ours: string, theirs: string): boolean {
  const a = normalise(ours)
  const b = normalise(theirs)
  if (a === b) return true

  const x = Number(a)
  const y = Number(b)

  // evtxexport prints floats with 7 significant digits
  return (
    a !== '' &&
    b !== '' &&
    Number.isFinite(x) &&
    Number.isFinite(y) &&
    Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y))
  )
}

function normalise(value: string): string {
  const text = value.replace(/\r\n/g, '\n')
  const time = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text)
  if (time !== null) return `${time[1] ?? ''}.${(time[2] ?? '').padEnd(9, '0')}Z`
  if (/^0x[0-9a-fA-F]+$/.test(text)) return BigInt(text).toString()
  if (/^\{[0-9a-fA-F-]{36}\}$/.test(text)) return text.toUpperCase()

  return text
}
