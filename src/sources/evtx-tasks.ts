import { Buffer } from 'node:buffer'
import { open } from 'node:fs/promises'
import { evtxParts } from './evtx/index.ts'
import type { EvtxPart } from './evtx/index.ts'
import { FILE_HEADER_SIZE, hasSignature } from './evtx/layout.ts'
import type { InputItem } from './types.ts'
import { isFatalWindowsProblem } from './windows-input.ts'
import { readWindowsPart } from './windows-records.ts'

/** Which EVTX files threads share: those of `least` bytes or more, in parts of `chunks` chunks. */
export interface EvtxSplit {
  readonly least: number
  readonly chunks: number
}

/**
 * EVTX files of 4 MiB or more go to threads in parts of 16 chunks (1 MiB), the size of a piece of
 * lines; a smaller file goes whole to one thread.
 */
export const EVTX_SPLIT: EvtxSplit = { least: 4 * 2 ** 20, chunks: 16 }

/**
 * The parts of an EVTX file to share out, in file order; null when it is read whole: it is
 * smaller than `split.least`, or it cannot be read past its header (no `ElfFile` signature, or
 * shorter than the header), which the whole-file reader reports. A part's chunks are read on
 * their own, so the parts give the file's events in the same order whatever thread reads them.
 */
export async function evtxSplitParts(path: string, split: EvtxSplit): Promise<EvtxPart[] | null> {
  const handle = await open(path, 'r').catch(() => null)
  if (handle === null) return null

  try {
    const { size } = await handle.stat()
    if (size < split.least || size < FILE_HEADER_SIZE) return null

    const head = Buffer.alloc(8)
    const { bytesRead } = await handle.read(head, 0, 8, 0)

    return bytesRead === 8 && hasSignature(head, 'ElfFile') ? evtxParts(size, split.chunks) : null
  } finally {
    await handle.close()
  }
}

/**
 * Reads one part of an EVTX file as ECS events and problems, as the whole-file reader reads
 * them, handing them to `take` a chunk at a time; resolves to false when a problem means the
 * file could not be read (`ERR_EVTX_IO`).
 */
export async function readEvtxPart(
  path: string,
  part: EvtxPart,
  take: (items: InputItem[]) => void,
): Promise<boolean> {
  let isReadable = true
  await readWindowsPart(path, part, 'ecs', (items) => {
    const out: InputItem[] = []
    for (const item of items) {
      if (item.kind === 'problem') {
        if (isFatalWindowsProblem(item.diagnostic)) isReadable = false
        out.push(item)
      } else out.push({ kind: 'event', source: item.doc, file: path, line: item.line })
    }
    take(out)
  })

  return isReadable
}
