import { EVTX_SPLIT, shareableBytes } from '../../sources/index.ts'
import type { Logger } from '../logger.ts'
import type { InputGroup } from './hunt-args.ts'

/**
 * Inputs with fewer bytes than this to share out (see `shareableBytes`) are hunted on one thread
 * whatever `--workers` says: every worker loads and compiles the rules itself (1 to 2 s of the
 * whole library), and on this two-core machine two threads only broke even over the bench's
 * 119 MB of events. `VIGIL_SHARE_BYTES` sets another bound (tests share out tiny inputs with 0).
 */
const MIN_SHARED_BYTES = 128 * 2 ** 20

/** The threads a hunt runs on: `--workers`, unless the inputs are too small to pay for them. */
export async function threadsFor(
  workers: number,
  groups: readonly InputGroup[],
  log: Logger,
): Promise<number> {
  if (workers === 1) return 1

  const bytes = await shareableBytes(
    groups.flatMap((group) => group.paths),
    EVTX_SPLIT.least,
  )
  const given = process.env.VIGIL_SHARE_BYTES ?? ''
  const bound = /^\d+$/.test(given) ? Number(given) : MIN_SHARED_BYTES
  if (bytes === null || bytes >= bound) {
    log.debug(`vigil: hunting on ${String(workers)} threads, each with a share of the events`)

    return workers
  }

  const size = `${(bytes / 1e6).toFixed(1)} MB`
  log.debug(`vigil: the inputs have ${size} to share out, too little: one thread hunts them`)

  return 1
}
