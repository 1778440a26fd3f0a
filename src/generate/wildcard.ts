import type { Random } from './random.ts'

/** A wildcard pattern split into literal runs and wildcards (`*` any run, `?` one character). */
export type PatternPart = string | { readonly wildcard: '*' | '?' }

const STAR = { wildcard: '*' } as const
const ONE = { wildcard: '?' } as const

/** Splits an EQL `like`/`:` pattern: `*` and `?` are wildcards, backslash is literal. */
export function parseEqlPattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = []
  let run = ''
  for (const ch of pattern) {
    if (ch !== '*' && ch !== '?') {
      run += ch
      continue
    }

    if (run !== '') parts.push(run)
    run = ''
    parts.push(ch === '*' ? STAR : ONE)
  }

  if (run !== '') parts.push(run)

  return parts
}

/** Joins KQL literal segments (the runs between unescaped `*`) into a pattern. */
export function patternOfSegments(segments: readonly string[]): PatternPart[] {
  const parts: PatternPart[] = []
  segments.forEach((segment, i) => {
    if (i > 0) parts.push(STAR)
    if (segment !== '') parts.push(segment)
  })

  return parts
}

/** Compiles a pattern into an anchored regular expression (dot matches newlines). */
export function patternRegExp(parts: readonly PatternPart[], isCaseInsensitive: boolean): RegExp {
  const body = parts
    .map((p) => (typeof p === 'string' ? escapeRegExp(p) : p.wildcard === '*' ? '.*' : '.'))
    .join('')

  return new RegExp(`^${body}$`, isCaseInsensitive ? 'isu' : 'su')
}

/** A compiled whole-value test for a pattern (case folding by lower-casing both sides). */
export function patternTester(
  parts: readonly PatternPart[],
  isCaseInsensitive: boolean,
): (value: string) => boolean {
  if (!isCaseInsensitive) {
    const regex = patternRegExp(parts, false)

    return (value) => regex.test(value)
  }

  const regex = patternRegExp(
    parts.map((p) => (typeof p === 'string' ? p.toLowerCase() : p)),
    false,
  )

  return (value) => regex.test(value.toLowerCase())
}

/**
 * Builds a string matching a pattern, filling each wildcard with text that fits its
 * neighbours: a Windows folder before `\\foo.exe`, a file name after `C:\\Temp\\`, and so on.
 * `style` 0 gives plausible fillers, 1 empty fillers, 2 fillers padded to `minLength`.
 */
export function instantiate(
  parts: readonly PatternPart[],
  random: Random,
  style: 0 | 1 | 2,
  minLength = 0,
): string {
  let out = ''
  parts.forEach((part, i) => {
    if (typeof part === 'string') out += part
    else if (part.wildcard === '?') out += 'a'
    else if (style !== 1) out += fillStar(textBefore(parts, i), textAfter(parts, i), random)
  })
  if (style === 2 && out.length < minLength) return pad(parts, random, minLength)

  return out
}

function pad(parts: readonly PatternPart[], random: Random, minLength: number): string {
  const base = instantiate(parts, random, 0)
  const star = parts.findIndex((p) => typeof p !== 'string' && p.wildcard === '*')
  if (star === -1) return base

  const filler = 'x'.repeat(minLength - base.length + 1)

  return instantiate(
    parts.map((p, i) => (i === star ? filler : p)),
    random,
    0,
  )
}

function textBefore(parts: readonly PatternPart[], index: number): string {
  const prev = parts[index - 1]

  return typeof prev === 'string' ? prev : ''
}

function textAfter(parts: readonly PatternPart[], index: number): string {
  const next = parts[index + 1]

  return typeof next === 'string' ? next : ''
}

const WINDOWS_DIRS = ['C:\\Users\\Public', 'C:\\ProgramData\\Acme', 'C:\\Windows\\Temp']
const UNIX_DIRS = ['/tmp/work', '/var/tmp', '/home/alice']
const FILE_NAMES = ['payload.bin', 'update.dat', 'report.txt']
const WORDS = ['alpha', 'acme', 'sample']

function fillStar(before: string, after: string, random: Random): string {
  const isStart = before === ''
  if (after.startsWith('\\')) return isStart ? random.pick(WINDOWS_DIRS) : 'Acme'
  if (after.startsWith('/')) return isStart ? random.pick(UNIX_DIRS) : 'acme'
  if (before.endsWith('\\') || before.endsWith('/'))
    return after === '' ? random.pick(FILE_NAMES) : 'acme'
  if (after.startsWith('.')) return 'sample'

  return isStart || after === '' ? random.pick(WORDS) : ' '
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
