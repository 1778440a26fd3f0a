const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
}

/**
 * For a basic string with escapes, the file offset of each decoded UTF-16 unit; undefined when the
 * text has no backslash, because then decoded and source characters line up one to one.
 */
export function escapeOffsets(
  text: string,
  start: number,
  end: number,
  isMulti: boolean,
): number[] | undefined {
  if (!text.slice(start, end).includes('\\')) return undefined

  const offsets: number[] = []
  let i = start
  while (i < end) {
    if (text[i] !== '\\') {
      offsets.push(i)
      i++
      continue
    }

    i = skipEscape(text, i, end, isMulti, offsets)
  }

  return offsets
}

function skipEscape(
  text: string,
  i: number,
  end: number,
  isMulti: boolean,
  offsets: number[],
): number {
  const next = text[i + 1] ?? ''
  if (isMulti && /[ \t\r\n]/.test(next)) {
    // line-ending backslash: the break and all following blank space vanish
    let j = i + 1
    while (j < end && /[ \t\r\n]/.test(text[j] ?? '')) j++

    return j
  }

  const width = next === 'u' ? 6 : next === 'U' ? 10 : next === 'x' ? 4 : 2
  const units = next === 'U' && parseInt(text.slice(i + 2, i + 10), 16) > 0xffff ? 2 : 1
  for (let k = 0; k < units; k++) offsets.push(i)

  return i + width
}

/** Decodes the escapes of a TOML basic string (used for quoted keys). */
export function decodeBasic(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)/g, (_, esc: string) => {
    if (esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16))

    return SIMPLE_ESCAPES[esc] ?? esc
  })
}
