import { readWindowsPart } from '../../sources/index.ts'
import type { WindowsEcsItem, WindowsXmlItem } from '../../sources/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'
import { TextBytes } from '../text-bytes.ts'
import { toOutputText } from './convert-ecs.ts'
import type { PartJob, PartOutput, PartReply } from './convert-protocol.ts'

/**
 * Reads one part of an EVTX file and returns its output lines encoded as UTF-8, with the problems
 * met on the way. The same work on a convert thread and on the main thread's own lane.
 */
export async function convertPart(job: PartJob): Promise<PartOutput> {
  const lines = new TextBytes()
  const problems: Diagnostic[] = []
  let records = 0
  // each record is written out as it is decoded: its document and line die young, which the
  // garbage collector handles far more cheaply
  const take = (items: readonly (WindowsEcsItem | WindowsXmlItem)[]): void => {
    for (const item of items) {
      if (item.kind === 'problem') {
        problems.push(item.diagnostic)
        continue
      }

      records++
      lines.addLine(toOutputText(item))
    }
  }
  const isFinal = job.isXml
    ? await readWindowsPart(job.path, job.part, 'xml', take)
    : await readWindowsPart(job.path, job.part, 'ecs', take)
  const pieces = records > 0 ? [lines.take()] : []

  return { kind: 'part', id: job.id, pieces, records, problems, isFinal }
}

/** {@link convertPart}'s answer to a job: its output, or why it failed. */
export async function partReply(job: PartJob): Promise<PartReply> {
  try {
    return await convertPart(job)
  } catch (cause) {
    const message = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)

    return { kind: 'failed', id: job.id, message }
  }
}
