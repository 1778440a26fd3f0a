import type { Diagnostic } from '../syntax/index.ts'
import type { InputItem, ReaderContext } from './types.ts'
import { readWindowsRecords } from './windows-records.ts'

/** Records mapped per batch, so parsed events die young (see text-input.ts). */
const BATCH = 128
/** Problems after which the file counts as not read: it could not be opened or has no log. */
const FATAL_CODES = /^ERR_(?:EVTX_IO|EVTX_FILE_HEADER|XML_READ)$/

/** Reads a Windows `.evtx` file as ECS events, through the EVTX reader and the winlog mapping. */
export async function* readEvtxFile(
  path: string,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  yield* readWindowsFile(path, 'evtx', context)
}

/** Reads a Windows event XML file as ECS events, through the XML parser and the winlog mapping. */
export async function* readXmlFile(
  path: string,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  yield* readWindowsFile(path, 'xml', context)
}

async function* readWindowsFile(
  path: string,
  format: 'evtx' | 'xml',
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const { summary } = context
  let out: InputItem[] = []
  // a batch per EVTX chunk: one wait per chunk, not per record
  for await (const batch of readWindowsRecords(path, format, 'ecs')) {
    for (const item of batch) {
      if (item.kind === 'problem') {
        summary.problems++
        if (isFatalWindowsProblem(item.diagnostic)) summary.isReadable = false
        out.push(item)
      } else {
        summary.events++
        out.push({ kind: 'event', source: item.doc, file: path, line: item.line })
      }

      if (out.length >= BATCH) {
        yield out
        out = []
      }
    }
  }

  if (out.length > 0) yield out
}

/** Whether a problem of a Windows input means the file could not be read at all. */
export function isFatalWindowsProblem(diagnostic: Diagnostic): boolean {
  return FATAL_CODES.test(diagnostic.code)
}
