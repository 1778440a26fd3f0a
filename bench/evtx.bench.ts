// EVTX conversion throughput on the corpus's largest files, against libevtx's evtxexport:
// node --import tsx bench/evtx.bench.ts [count]
// three paths over the same files: `evtxexport -f xml`, our XML reader (readEvtxXmlBatches,
// records written straight to event XML: the `vigil convert --format xml` path), and our reader
// (readEvtxSourceBatches, records read flat for the mapping, one batch per chunk) +
// mapWinlogSource + JSON.stringify (the `vigil convert` ECS path), both of ours written to
// /dev/null through a stream as `vigil convert` does; and the ECS path as `vigil convert` runs it
// on several threads (its default count, at least 2, this thread one of them: each file's
// 256 KiB parts read on the threads and written in order; THREADS in the report), whose CPU
// figures are those of all threads. each path runs in its own node process
// (bench/evtx-child.ts), so its peak RSS is its own and one path's JIT state never helps the
// other.
// how a warm figure is taken, the same way on both sides: the machine is shared and a file of a
// few hundred records converts in a few milliseconds, so one pass is mostly noise. a run is as
// many back-to-back passes over the file as last at least MIN_RUN_MS (the count is found once per
// file from a timed pass, so both sides get a run of about that length), and its time divided
// by its passes is the run's per-pass figure; each file's figure is the median of its runs.
// ours: unmeasured passes first, at least WARMUP of them and WARMUP_MS long (the JIT settles),
// then RUNS runs inside one process, CPU time (user + sys) from process.cpuUsage, node start-up
// and module loading excluded. evtxexport:
// EVTXEXPORT_RUNS runs, each a bash loop of that many invocations under bash's `time` (getrusage
// of the children): its per-pass figure is one whole invocation, start-up included, as it is
// what a user runs per file. templates compiled in a warm-up pass are reused by later passes
// (the reader's process-wide template cache), as in one `vigil convert` over many logs of a
// channel; the cold figure, one pass per file in a fresh process, pays for compiling them, and
// the big-file figure is one pass over a 128 MB log on each side
import { spawnSync } from 'node:child_process'
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'

import { MIN_RUN_MS, passesFor, RUNS, THREADS, WARMUP, WARMUP_MS } from './evtx-child.ts'
import type { ChildReport, PathName, Run } from './evtx-child.ts'
import { repoPath, siblingScript } from './paths.ts'

const CORPUS = repoPath('../shared/corpus/evtx/')
const OUT_DIR = repoPath('.bench/')
const CHILD = siblingScript(import.meta.url, 'evtx-child')
const EVTXEXPORT_RUNS = 5
const BIG_FILE_MB = 128
const TIME_BIN = '/usr/bin/time'

const PATHS: readonly PathName[] = ['xml', 'ecs', 'threads']

const pathTitle = (name: PathName): string =>
  name === 'threads' ? `ecs path on ${String(THREADS)} threads (vigil convert)` : `${name} path`

function byPath<T>(make: (name: PathName) => T): Record<PathName, T> {
  return { xml: make('xml'), ecs: make('ecs'), threads: make('threads') }
}

/** Medians of one path on one file. */
interface Measure {
  readonly ms: number
  readonly cpuMs: number
  readonly records: number
  readonly outBytes: number
}

function largestFiles(count: number): { path: string; bytes: number }[] {
  const lines = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1)
  const files = lines.map((line) => {
    const [path = '', bytes = '0'] = line.split('\t')

    return { path, bytes: Number(bytes) }
  })

  return files.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, count)
}

function spawnChild(name: PathName, mode: string, files: readonly string[]): ChildReport {
  const args = [...process.execArgv, CHILD, name, mode, ...files]
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (run.status !== 0) throw new Error(`${name} ${mode} child failed: ${run.stderr}`)

  return JSON.parse(run.stdout) as ChildReport
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1

  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

function medianOf(runs: readonly Run[]): Measure {
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    records: runs[0]?.records ?? 0,
    outBytes: runs[0]?.outBytes ?? 0,
  }
}

/** evtxexport's wall and CPU per invocation (user + sys of the children) and peak RSS. */
interface Native {
  readonly ms: number
  readonly cpuMs: number
  readonly maxRssMb: number
  readonly passes?: number
}

// bash's `time` reads the children's rusage to the millisecond (/usr/bin/time -f %U rounds to
// 10 ms, too coarse for files evtxexport reads in 20 ms); /usr/bin/time, when there, gives the
// peak RSS of one invocation
function timeEvtxexportOnce(path: string, out: string): Native {
  const hasTime = existsSync(TIME_BIN)
  const command = hasTime ? `${TIME_BIN} -f %M -o "$1" evtxexport` : 'evtxexport'
  const script = `TIMEFORMAT="%3R %3U %3S"; time ${command} -f xml "$0" > /dev/null 2> /dev/null`
  const run = spawnSync('bash', ['-c', script, path, out], { encoding: 'utf8' })
  const [wall = 0, user = 0, sys = 0] = run.stderr.trim().split(/\s+/).slice(-3).map(Number)
  const rssKb = hasTime ? Number(readFileSync(out, 'utf8').trim().split(/\s+/).pop()) : 0

  return { ms: wall * 1000, cpuMs: (user + sys) * 1000, maxRssMb: rssKb / 1024 }
}

// one warm run: `passes` invocations back to back under one `time`, given per invocation
function timeEvtxexportRun(path: string, passes: number): Native {
  const loop = `for ((i = 0; i < $1; i++)); do evtxexport -f xml "$0" > /dev/null 2> /dev/null; done`
  const script = `TIMEFORMAT="%3R %3U %3S"; time { ${loop}; }`
  const run = spawnSync('bash', ['-c', script, path, String(passes)], { encoding: 'utf8' })
  const [wall = 0, user = 0, sys = 0] = run.stderr.trim().split(/\s+/).slice(-3).map(Number)

  return { ms: (wall * 1000) / passes, cpuMs: ((user + sys) * 1000) / passes, maxRssMb: 0, passes }
}

function timeEvtxexport(path: string, dir: string): Native {
  const first = timeEvtxexportOnce(path, `${dir}/time.txt`)
  const passes = passesFor(first.ms)
  const runs: Native[] = []
  for (let i = 0; i < EVTXEXPORT_RUNS; i++) runs.push(timeEvtxexportRun(path, passes))

  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    maxRssMb: first.maxRssMb,
    passes,
  }
}

function hasEvtxexport(): boolean {
  return spawnSync('evtxexport', ['-V'], { stdio: 'ignore' }).error === undefined
}

// the largest corpus file's chunks repeated into one big log: memory must not grow with size
function writeBigFile(source: string, dir: string): string {
  const original = readFileSync(CORPUS + source)
  const body = original.subarray(4096, 4096 + Math.floor((original.length - 4096) / 65536) * 65536)
  const path = `${dir}/big.evtx`
  writeFileSync(path, original.subarray(0, 4096))
  for (let size = 0; size < BIG_FILE_MB * 1024 * 1024; size += body.length)
    appendFileSync(path, body)

  return path
}

/** One file's row: evtxexport and both of our paths, warm medians. */
interface Row {
  readonly file: string
  readonly bytes: number
  readonly evtxexport: Native | null
  readonly xml: Measure
  readonly ecs: Measure
  readonly threads: Measure
}

const rate = (amount: number, ms: number): string =>
  ms === 0 ? '-' : (amount / (ms / 1000)).toFixed(amount > 1e4 ? 0 : 1)

const ratio = (theirs: number | undefined, ours: number): string =>
  theirs === undefined || ours === 0 ? '-' : `${(theirs / ours).toFixed(1)}x`

function cells(name: string, bytes: number, native: Native | null, ours: Measure): string[] {
  const mb = bytes / 1e6

  return [
    name,
    mb.toFixed(2),
    String(ours.records),
    rate(ours.records, ours.ms),
    rate(mb, ours.ms),
    (ours.cpuMs / 1000).toFixed(3),
    native === null ? '-' : (native.cpuMs / 1000).toFixed(3),
    ratio(native?.ms, ours.ms),
    ratio(native?.cpuMs, ours.cpuMs),
  ]
}

function sumMeasure(list: readonly Measure[]): Measure {
  const sum = (pick: (m: Measure) => number): number => list.reduce((n, m) => n + pick(m), 0)

  return {
    ms: sum((m) => m.ms),
    cpuMs: sum((m) => m.cpuMs),
    records: sum((m) => m.records),
    outBytes: sum((m) => m.outBytes),
  }
}

function sumNative(rows: readonly Row[]): Native | null {
  if (rows.some((r) => r.evtxexport === null)) return null

  const list = rows.map((r) => r.evtxexport).filter((n) => n !== null)

  return {
    ms: list.reduce((n, m) => n + m.ms, 0),
    cpuMs: list.reduce((n, m) => n + m.cpuMs, 0),
    maxRssMb: Math.max(...list.map((m) => m.maxRssMb)),
  }
}

function printNative(rows: readonly Row[], native: Native | null): void {
  console.log(
    `evtxexport -f xml (per invocation, median of ${String(EVTXEXPORT_RUNS)} runs of at least ` +
      `${String(MIN_RUN_MS)} ms)`,
  )
  console.log('file | MB | records | rec/s | MB/s | wall s | cpu s | peak RSS MB')
  const bytes = rows.reduce((n, r) => n + r.bytes, 0)
  const lines = [...rows.map((r) => ({ ...r, name: r.file.split('/').pop() ?? r.file }))]
  lines.push({ ...(rows[0] as Row), name: 'total', bytes, evtxexport: native })
  for (const line of lines) {
    const n = line.evtxexport
    if (n === null) continue

    const records =
      line.name === 'total' ? rows.reduce((k, r) => k + r.xml.records, 0) : line.xml.records
    const mb = line.bytes / 1e6
    const row = [line.name, mb.toFixed(2), records, rate(records, n.ms), rate(mb, n.ms)]
    console.log(
      [...row, (n.ms / 1000).toFixed(3), (n.cpuMs / 1000).toFixed(3), n.maxRssMb.toFixed(1)].join(
        ' | ',
      ),
    )
  }
}

function printTable(rows: readonly Row[], cold: Record<PathName, Measure>): void {
  const bytes = rows.reduce((n, r) => n + r.bytes, 0)
  const native = sumNative(rows)
  printNative(rows, native)
  for (const name of PATHS) {
    console.log(
      `\n${pathTitle(name)} (per pass, median of ${String(RUNS)} runs of at least ` +
        `${String(MIN_RUN_MS)} ms after ${String(WARMUP)} or more warm-up passes lasting ` +
        `${String(WARMUP_MS)} ms or more)`,
    )
    console.log('file | MB | records | rec/s | MB/s | cpu s | evtxexport cpu s | wall x | cpu x')
    for (const row of rows) {
      const short = row.file.split('/').pop() ?? row.file
      console.log(cells(short, row.bytes, row.evtxexport, row[name]).join(' | '))
    }

    const total = sumMeasure(rows.map((r) => r[name]))
    console.log(cells('total (warm)', bytes, native, total).join(' | '))
    console.log(cells('total (cold, one pass)', bytes, native, cold[name]).join(' | '))
  }
}

/** The big-file pass of each path, cold (one pass, JIT warm-up included), and evtxexport's. */
interface BigRun {
  readonly xml: ChildReport
  readonly ecs: ChildReport
  readonly threads: ChildReport
  readonly evtxexport: Native | null
}

// one evtxexport run: on a file this size the noise of a shared machine averages out
function measureBig(source: string, withNative: boolean): BigRun {
  const dir = mkdtempSync(`${tmpdir()}/vigil-evtx-bench-`)
  try {
    const path = writeBigFile(source, dir)
    const xml = spawnChild('xml', 'cold', [path])
    const ecs = spawnChild('ecs', 'cold', [path])
    const threads = spawnChild('threads', 'cold', [path])

    return {
      xml,
      ecs,
      threads,
      evtxexport: withNative ? timeEvtxexportOnce(path, `${dir}/time.txt`) : null,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function measureNative(files: readonly string[]): (Native | null)[] {
  if (!hasEvtxexport()) {
    console.log('evtxexport not on PATH: its columns are left empty')

    return files.map(() => null)
  }

  const dir = mkdtempSync(`${tmpdir()}/vigil-evtx-time-`)
  try {
    return files.map((file) => timeEvtxexport(file, dir))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function printBig(big: BigRun): void {
  const native = big.evtxexport
  if (native !== null) {
    console.log(
      `\nstreaming a ${String(BIG_FILE_MB)} MB file, evtxexport: ${rate(BIG_FILE_MB, native.ms)} MB/s ` +
        `wall, ${rate(BIG_FILE_MB, native.cpuMs)} MB/s cpu; peak RSS ${native.maxRssMb.toFixed(0)} MB`,
    )
  }

  for (const name of PATHS) {
    const run = big[name].runs[0]?.[0]
    if (run === undefined) continue

    console.log(
      `streaming a ${String(BIG_FILE_MB)} MB file, ${pathTitle(name)}: ${String(run.records)} records, ` +
        `${rate(run.records, run.ms)} rec/s, ${rate(BIG_FILE_MB, run.ms)} MB/s wall, ` +
        `${rate(BIG_FILE_MB, run.cpuMs)} MB/s cpu (${ratio(native?.ms, run.ms)} wall, ` +
        `${ratio(native?.cpuMs, run.cpuMs)} cpu); peak RSS ${big[name].maxRssMb.toFixed(0)} MB`,
    )
  }
}

function main(): void {
  if (!existsSync(`${CORPUS}MANIFEST.tsv`)) {
    console.log('shared corpus not found at ../shared/corpus/evtx; nothing to measure')

    return
  }

  const chosen = largestFiles(Number(process.argv[2] ?? 5))
  const files = chosen.map((f) => CORPUS + f.path)
  const natives = measureNative(files)
  const warm = byPath((name) => spawnChild(name, 'warm', files))
  const coldRuns = byPath((name) => spawnChild(name, 'cold', files))
  const rows: Row[] = chosen.map(({ path, bytes }, i) => ({
    file: path,
    bytes,
    evtxexport: natives[i] ?? null,
    xml: medianOf(warm.xml.runs[i] ?? []),
    ecs: medianOf(warm.ecs.runs[i] ?? []),
    threads: medianOf(warm.threads.runs[i] ?? []),
  }))
  const cold = byPath((name) => sumMeasure(coldRuns[name].runs.map((r) => medianOf(r))))
  printTable(rows, cold)
  const peakRssMb = {
    evtxexport: Math.max(0, ...natives.map((n) => n?.maxRssMb ?? 0)),
    xml: warm.xml.maxRssMb,
    ecs: warm.ecs.maxRssMb,
    threads: warm.threads.maxRssMb,
  }
  console.log(
    `\npeak RSS: evtxexport ${peakRssMb.evtxexport.toFixed(1)} MB, xml path ` +
      `${peakRssMb.xml.toFixed(1)} MB, ecs path ${peakRssMb.ecs.toFixed(1)} MB, ecs on ` +
      `${String(THREADS)} threads ${peakRssMb.threads.toFixed(1)} MB (node included)`,
  )
  const big = measureBig(
    chosen[0]?.path ?? '',
    natives.every((n) => n !== null),
  )
  printBig(big)
  mkdirSync(OUT_DIR, { recursive: true })
  const summary = { node: process.version, runs: RUNS, rows, cold, peakRssMb, big, warm, coldRuns }
  writeFileSync(`${OUT_DIR}evtx.json`, `${JSON.stringify(summary, null, 2)}\n`)
  console.log('written .bench/evtx.json')
}

main()
