import { readFile } from 'node:fs/promises'
import { NO_EXCEPTIONS, parseExceptionExport } from '../../detect/index.ts'
import type { ExceptionLists } from '../../detect/index.ts'
import { renderDiagnostic } from '../../syntax/index.ts'
import type { Logger } from '../logger.ts'

/**
 * Reads a Kibana exception-list export for `--exceptions`: no path gives no exceptions, an
 * unreadable file is logged and gives null, and bad lines are logged as warnings.
 */
export async function loadExceptions(
  path: string | undefined,
  log: Logger,
): Promise<ExceptionLists | null> {
  if (path === undefined) return NO_EXCEPTIONS

  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    log.error(`vigil: cannot read the exceptions file ${path}: ${String(cause)}`)

    return null
  })
  if (text === null) return null

  const parsed = parseExceptionExport(text, path)
  for (const diagnostic of parsed.diagnostics) log.warn(renderDiagnostic(diagnostic))

  return parsed.value
}
