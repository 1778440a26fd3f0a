import type { SourceText, Span } from '../syntax/index.ts'

/** One `**Label**: value` entry of a rule page, with its bullet items and where they sit. */
export interface PageField {
  readonly label: string
  readonly value: string
  readonly span: Span
  readonly items: readonly { readonly text: string; readonly span: Span }[]
}

/** A `## Heading` section with the text under it. */
export interface PageSection {
  readonly heading: string
  readonly text: string
  readonly startLine: number
  readonly span: Span
}

/** A rule reference page split into its parts; every part remembers its line. */
export interface ParsedPage {
  readonly title?: { readonly text: string; readonly anchor?: string; readonly span: Span }
  readonly description: string
  readonly fields: readonly PageField[]
  readonly sections: readonly PageSection[]
}

const FIELD_LINE = /^\*\*([^*]+)\*\*:\s*(.*)$/
const BULLET = /^(\s*)[*-]\s+(.*)$/
const TITLE = /^#\s+(.+?)(?:\s+\[([^\]]+)\])?\s*$/
const HEADING = /^##\s+(.+?)(?:\s+\[[^\]]+\])?\s*$/

/** Splits a page into title, description, labelled fields and sections. Never throws. */
export function parsePage(source: SourceText): ParsedPage {
  const lines = source.text.split('\n').map((l) => l.replace(/\r$/, ''))
  const state = new PageState(source, lines)
  state.run()

  return state.result()
}

// labels that may follow the query section (the MITRE block comes after the query)
const TRAILING_LABELS = new Set(['Framework'])

class PageState {
  readonly #source: SourceText
  readonly #lines: readonly string[]
  readonly #starts: readonly number[]
  readonly #fields: PageField[] = []
  readonly #sections: { heading: string; lines: string[]; startLine: number; span: Span }[] = []
  readonly #description: string[] = []
  #title: ParsedPage['title']
  #current:
    { label: string; value: string; span: Span; items: PageField['items'][number][] } | undefined
  #isInSection = false
  #isInFence = false

  constructor(source: SourceText, lines: readonly string[]) {
    this.#source = source
    this.#lines = lines
    this.#starts = lineStarts(source.text)
  }

  run(): void {
    for (let n = skipFrontMatter(this.#lines); n < this.#lines.length; n++) this.#line(n)
  }

  result(): ParsedPage {
    const sections = this.#sections.map((s) => ({
      heading: s.heading,
      text: s.lines.join('\n'),
      startLine: s.startLine,
      span: s.span,
    }))
    const base = {
      description: this.#description.join('\n').trim(),
      fields: this.#fields,
      sections,
    }

    return this.#title === undefined ? base : { ...base, title: this.#title }
  }

  #line(n: number): void {
    const text = this.#lines[n] ?? ''
    const heading = this.#isInFence ? null : HEADING.exec(text)
    if (heading !== null) {
      this.#sections.push({
        heading: heading[1] ?? '',
        lines: [],
        startLine: n + 2,
        span: this.#lineSpan(n),
      })
      this.#isInSection = true
      this.#current = undefined
    } else if (this.#isInSection) this.#sectionLine(n, text)
    else this.#headerLine(n, text)
  }

  #sectionLine(n: number, text: string): void {
    const field = this.#isInFence ? null : FIELD_LINE.exec(text)
    if (field !== null && TRAILING_LABELS.has((field[1] ?? '').trim())) {
      this.#isInSection = false
      this.#startField(n, text, field)

      return
    }

    if (text.trimStart().startsWith('```')) this.#isInFence = !this.#isInFence
    this.#sections.at(-1)?.lines.push(text)
  }

  #headerLine(n: number, text: string): void {
    const title = this.#title === undefined ? TITLE.exec(text) : null
    if (title !== null) {
      const anchor = title[2]
      const base = { text: title[1] ?? '', span: this.#lineSpan(n) }
      this.#title = anchor === undefined ? base : { ...base, anchor }

      return
    }

    const field = FIELD_LINE.exec(text)
    if (field !== null) {
      this.#startField(n, text, field)

      return
    }

    const bullet = BULLET.exec(text)
    if (bullet !== null && this.#current !== undefined) {
      this.#current.items.push({ text: (bullet[2] ?? '').trim(), span: this.#lineSpan(n) })
    } else if (this.#current === undefined && this.#title !== undefined)
      this.#description.push(text)
  }

  #startField(n: number, text: string, match: RegExpExecArray): void {
    const raw = match[2] ?? ''
    const start = (this.#starts[n] ?? 0) + text.length - raw.length
    const span = this.#source.spanAt(start, start + raw.trimEnd().length)
    this.#current = { label: (match[1] ?? '').trim(), value: raw.trim(), span, items: [] }
    this.#fields.push(this.#current)
  }

  #lineSpan(n: number): Span {
    const start = this.#starts[n] ?? 0

    return this.#source.spanAt(start, start + (this.#lines[n] ?? '').length)
  }
}

/** The 0-based offset of each line start. */
export function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)

  return starts
}

function skipFrontMatter(lines: readonly string[]): number {
  if (lines[0] !== '---') return 0

  const end = lines.indexOf('---', 1)

  return end === -1 ? 0 : end + 1
}

/** The text of a `[text](url)` link, or the item itself. */
export function linkText(item: string): string {
  return /^\[([^\]]*)\]\([^)]*\)$/.exec(item)?.[1] ?? item
}
