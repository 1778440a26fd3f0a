import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { isJsonGzip } from './gzip-input.ts'
import { readFailure } from './read-failure.ts'
import type { InputFormat, InputProblem } from './types.ts'

/** One input to read, with the format its name selects. */
export interface InputTarget {
  readonly path: string
  readonly format: InputFormat
}

/** The extensions a folder walk picks up, and the format each selects. */
const FOLDER_FORMATS: readonly (readonly [string, InputFormat])[] = [
  ['.ndjson', 'ndjson'],
  ['.jsonl', 'ndjson'],
  ['.json', 'json'],
  ['.gz', 'gzip'],
  ['.evtx', 'evtx'],
  ['.xml', 'xml'],
]

/** The format a file name selects; a named file of unknown type is read as NDJSON. */
export function formatOf(path: string): InputFormat {
  return knownFormatOf(path) ?? 'ndjson'
}

function knownFormatOf(path: string): InputFormat | null {
  const lower = path.toLowerCase()
  for (const [extension, format] of FOLDER_FORMATS) if (lower.endsWith(extension)) return format

  return null
}

/**
 * Expands the command-line inputs: `-` is standard input, a folder is walked recursively in a
 * stable order (names sorted by code unit, so runs are reproducible across file systems) keeping
 * the known extensions, and a file is taken as it is. A path that cannot be stat'ed is returned
 * as NDJSON so that the reader reports the failure where it happens.
 */
export async function* discoverInputs(paths: readonly string[]): AsyncGenerator<InputTarget> {
  for (const path of paths) {
    if (path === '-') {
      yield { path, format: 'stdin' }
      continue
    }

    const info = await stat(path).catch(() => null)
    if (info?.isDirectory() === true) yield* walkFolder(path)
    else yield { path, format: formatOf(path) }
  }
}

async function* walkFolder(folder: string): AsyncGenerator<InputTarget> {
  const entries = await readdir(folder, { withFileTypes: true })
  const sorted = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of sorted) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      yield* walkFolder(path)
      continue
    }

    const format = entry.isFile() ? knownFormatOf(entry.name) : null
    if (format !== null) yield { path, format }
  }
}

/**
 * The bytes of the inputs the paths name that threads can share, as stored (a `.gz` file counts
 * compressed): every input that is cut into pieces or parts (NDJSON, EVTX files of
 * `evtxLeast` bytes or more), and every input read whole but the largest, which one thread reads
 * alone anyway. Null when one of them is standard input, whose size cannot be known beforehand.
 * A file that cannot be stat'ed counts nothing.
 */
export async function shareableBytes(
  paths: readonly string[],
  evtxLeast: number,
): Promise<number | null> {
  let cut = 0
  const wholes: number[] = [0]
  for await (const target of discoverInputs(paths)) {
    if (target.format === 'stdin') return null

    const size = (await stat(target.path).catch(() => null))?.size ?? 0
    const isCut = isLineLayout(target) || (target.format === 'evtx' && size >= evtxLeast)
    if (isCut) cut += size
    else wholes.push(size)
  }

  return cut + wholes.reduce((sum, size) => sum + size, 0) - Math.max(...wholes)
}

/**
 * The problems of the named inputs that cannot be found or stat'ed (standard input aside), as
 * reading them would report them, so that a command can refuse at once when no input is left.
 */
export async function missingInputs(paths: readonly string[]): Promise<InputProblem[]> {
  const problems: InputProblem[] = []
  for (const path of paths) {
    if (path === '-') continue

    const failure = await stat(path).then(
      () => null,
      (cause: unknown) => cause,
    )
    if (failure !== null) problems.push(readFailure(path, failure))
  }

  return problems
}

/** Whether the input is read line by line (NDJSON, plain or gzip, or standard input). */
export function isLineLayout(target: InputTarget): boolean {
  const { format, path } = target
  if (format === 'gzip') return !isJsonGzip(path)

  return format === 'ndjson' || format === 'stdin'
}
