import { DEFAULT_CHUNK_SIZE } from './chunks.ts'
import { discoverInputs } from './discover.ts'
import { readGzipFile } from './gzip-input.ts'
import { readJsonFile } from './json-input.ts'
import { readNdjsonFile } from './ndjson-input.ts'
import { readFailure } from './read-failure.ts'
import { readStdin, STDIN_NAME } from './stdin-input.ts'
import type {
  FileSummary,
  FormatReader,
  InputFormat,
  InputItem,
  ReaderContext,
  ReadInputsOptions,
} from './types.ts'
import { readEvtxFile, readXmlFile } from './windows-input.ts'

/** One reader per format: a new format is a new file and a line here. */
const READERS: Readonly<Record<InputFormat, FormatReader>> = {
  ndjson: readNdjsonFile,
  json: readJsonFile,
  gzip: readGzipFile,
  stdin: readStdin,
  evtx: readEvtxFile,
  xml: readXmlFile,
}

/**
 * Like {@link readInputs}, but yields the items in batches (one per read chunk): the fastest way
 * to consume events, since it costs one async step per batch instead of one per event.
 */
export async function* readInputBatches(
  paths: readonly string[],
  options: ReadInputsOptions = {},
): AsyncGenerator<readonly InputItem[], FileSummary[]> {
  const summaries: FileSummary[] = []
  for await (const target of discoverInputs(paths)) {
    const summary = newSummary(target.format === 'stdin' ? STDIN_NAME : target.path, target.format)
    const context = contextFor(options, summary)
    try {
      yield* READERS[target.format](target.path, context)
    } catch (cause) {
      summary.problems++
      summary.isReadable = false
      yield [readFailure(summary.file, cause)]
    }

    summaries.push(summary)
    options.onFileSummary?.(summary)
  }

  return summaries
}

/**
 * Reads every input in order (files, folders walked recursively in sorted order, `-` for
 * standard input) and yields its events and problems. A bad line is a problem item and the rest
 * of the file is still read; a file that cannot be read is a problem item (`ERR_INPUT_READ`) and
 * the other inputs are still read. Returns the per-file summaries.
 */
export async function* readInputs(
  paths: readonly string[],
  options: ReadInputsOptions = {},
): AsyncGenerator<InputItem, FileSummary[]> {
  const batches = readInputBatches(paths, options)
  for (;;) {
    const next = await batches.next()
    if (next.done === true) return next.value

    yield* next.value
  }
}

/** A summary of an input not read yet. */
export function newSummary(file: string, format: InputFormat): FileSummary {
  return { file, format, events: 0, problems: 0, skipped: 0, isReadable: true }
}

function contextFor(options: ReadInputsOptions, summary: FileSummary): ReaderContext {
  return {
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    prefilter: options.prefilter ?? null,
    keepRaw: options.keepRaw ?? false,
    stdin: options.stdin ?? process.stdin,
    summary,
  }
}
