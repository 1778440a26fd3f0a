import { readInputs } from '../src/sources/index.ts'
import { parseFloor } from './floor.ts'

/** What one benchmark case measured inside its own process. */
export interface CaseResult {
  readonly name: string
  readonly events: number
  readonly matches: number | null
  readonly skipped: number
  readonly ms: number
  /** CPU time of the process (user + system, all threads) during the case. */
  readonly cpuMs: number
  /** Peak resident set size of the process, in bytes. */
  readonly peakRss: number
  /** Every round's time, fastest first (filled in by the parent). */
  readonly runsMs?: readonly number[]
}

/** The Exchange worker rule's query, as in detection-rules (f81ee52c-297e-46d9-9205-07e66931df26). */
export const EXCHANGE_QUERY = `process where host.os.type == "windows" and event.type == "start" and
  process.parent.name : "w3wp.exe" and process.parent.args : "MSExchange*AppPool" and
  (
    (process.name : ("cmd.exe", "powershell.exe", "pwsh.exe", "powershell_ise.exe") or
    ?process.pe.original_file_name in ("Cmd.Exe", "PowerShell.EXE", "pwsh.dll", "powershell_ise.EXE"))
  )`

/** Two selective steps joined by host within a minute. */
export const SEQUENCE_QUERY = `sequence by host.id with maxspan=1m
  [process where event.type == "start" and process.name : "certutil.exe" and
    process.args : ("-urlcache", "/urlcache")]
  [network where process.name : "certutil.exe" and destination.port in (80, 443)]`

/** The cases, by name: what each runs. */
export const CASES = [
  'floor',
  'floor-256k',
  'reader',
  'exchange',
  'exchange+prefilter',
  'sequence',
] as const

/** One case name. */
export type CaseName = (typeof CASES)[number]

/** Runs one case on `path` in this process. */
export async function runCase(name: CaseName, path: string): Promise<CaseResult> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const counts = await measure(name, path)
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000

  return { name, ...counts, ms, cpuMs, peakRss: process.resourceUsage().maxRSS * 1024 }
}

async function measure(
  name: CaseName,
  path: string,
): Promise<{ events: number; matches: number | null; skipped: number }> {
  if (name === 'floor') return { events: parseFloor(path), matches: null, skipped: 0 }
  if (name === 'floor-256k') {
    return { events: parseFloor(path, 256 * 1024), matches: null, skipped: 0 }
  }
  if (name === 'reader') return readOnly(path)

  const { runQuery } = await import('./eql-query.ts')
  const query = name === 'sequence' ? SEQUENCE_QUERY : EXCHANGE_QUERY

  return runQuery(query, path, name === 'exchange+prefilter')
}

async function readOnly(path: string): Promise<{ events: number; matches: null; skipped: number }> {
  let events = 0
  let skipped = 0
  for await (const item of readInputs([path], { onFileSummary: (s) => (skipped = s.skipped) })) {
    if (item.kind === 'event') events++
  }

  return { events, matches: null, skipped }
}
