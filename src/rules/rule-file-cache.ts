import { statSync } from 'node:fs'
import type { LoadResult } from './load-result.ts'

/** What identifies one version of a rule file without reading it. */
export interface FileStamp {
  readonly size: number
  readonly mtimeMs: number
  readonly ctimeMs: number
  readonly ino: number
  /** Named by the user rather than found in a folder (the two are loaded a little apart). */
  readonly isExplicit: boolean
}

/**
 * Load results kept from earlier runs, by file: a file whose stamp is the one it had when it was
 * loaded is not read and parsed again. The CLI keeps one on disk; the rules stage only asks it.
 */
export interface RuleFileCache {
  get(path: string, stamp: FileStamp): LoadResult | undefined
  set(path: string, stamp: FileStamp, result: LoadResult): void
}

/** The stamp of a file as it is now, or undefined when it cannot be read. */
export function stampOf(path: string, isExplicit: boolean): FileStamp | undefined {
  try {
    const { size, mtimeMs, ctimeMs, ino } = statSync(path)

    return { size, mtimeMs, ctimeMs, ino, isExplicit }
  } catch {
    return undefined
  }
}

/** Whether two stamps are of the same version of a file, loaded the same way. */
export function isSameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs &&
    a.ino === b.ino &&
    a.isExplicit === b.isExplicit
  )
}

/** `load()` for the file, through the cache when there is one. */
export function loadThrough(
  cache: RuleFileCache | undefined,
  path: string,
  isExplicit: boolean,
  load: () => LoadResult,
): LoadResult {
  const stamp = cache === undefined ? undefined : stampOf(path, isExplicit)
  if (cache === undefined || stamp === undefined) return load()

  const kept = cache.get(path, stamp)
  if (kept !== undefined) return kept

  const result = load()
  cache.set(path, stamp, result)

  return result
}
