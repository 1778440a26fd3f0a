import { EMPTY_SPAN, error } from '../syntax/index.ts'
import type { InputProblem } from './types.ts'

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  Z_DATA_ERROR: 'the gzip data is corrupt',
  Z_BUF_ERROR: 'the gzip data ends early',
}

/** The problem of an input that could not be opened or read to its end (`ERR_INPUT_READ`). */
export function readFailure(file: string, cause: unknown): InputProblem {
  const code = (cause as { code?: unknown } | null)?.code
  const reason =
    typeof code === 'string' && code in REASONS
      ? (REASONS[code] ?? code)
      : cause instanceof Error
        ? cause.message.toLowerCase()
        : String(cause)
  const diagnostic = error('ERR_INPUT_READ', `cannot read "${file}": ${reason}`, EMPTY_SPAN, file)

  return { kind: 'problem', diagnostic }
}
