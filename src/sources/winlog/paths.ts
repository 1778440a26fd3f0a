/**
 * Windows path helpers with the exact semantics of the ingest pipelines' scripts (which split on
 * the last `\` and take the extension from the last `.` of the whole path).
 */

/** The text after the last `\` (the whole text when there is none), as `splitOnToken("\\")[-1]`. */
export function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1)
}

/** The process name the Sysmon pipeline derives: after the last `\`, or undefined without one. */
export function processName(executable: string): string | undefined {
  if (executable.length <= 1) return undefined
  const slash = executable.lastIndexOf('\\')
  const name = slash === -1 ? '' : executable.slice(slash + 1)

  return name === '' ? undefined : name
}

/** The extension after the last `.` (no dot), or undefined without one. */
export function fileExtension(path: string): string | undefined {
  const dot = path.lastIndexOf('.')

  return dot === -1 ? undefined : path.slice(dot + 1)
}

/** Sets `file.name`, `file.directory` and `file.extension` from `file.path` (Sysmon, PowerShell). */
export function setFileParts(file: Record<string, unknown>, path: string): void {
  if (path.length <= 1) return
  const slash = path.lastIndexOf('\\')
  if (slash === -1) return
  file.name = path.slice(slash + 1)
  file.directory = path.slice(0, slash)
  const extension = fileExtension(path)
  if (extension !== undefined) file.extension = extension
}
