// the measuring side of bench/evtx.bench.ts: one of our conversion paths over the given files,
// in a process of its own (its peak RSS is its own, and one path's JIT state never helps the
// other): node --import tsx bench/evtx-child.ts <xml|ecs> <warm|cold> files…
// prints a ChildReport as JSON. see evtx.bench.ts for how the figures are taken
import { createWriteStream, statSync } from 'node:fs'
import type { WriteStream } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { defaultWorkers } from '../src/cli/commands/convert.ts'
import { writeBytes } from '../src/cli/io.ts'
import { TextBytes } from '../src/cli/text-bytes.ts'
import { OrderedParts } from '../src/cli/commands/convert-parts.ts'
import type { PartSink } from '../src/cli/commands/convert-parts.ts'
import { ConvertPool } from '../src/cli/commands/convert-pool.ts'
import { readEvtxSourceBatches, readEvtxXmlBatches } from '../src/sources/evtx/index.ts'
import { mapWinlogSource } from '../src/sources/winlog/index.ts'
import type { WinlogSource } from '../src/sources/winlog/index.ts'

/** Measured runs per file. */
export const RUNS = 7
// passes per file before measuring, and the least time they take: the JIT needs a few thousand
// records to settle, which a small file's three passes do not give it (the per-pass times of a
// 59-record log kept falling from 5.7 to 2.0 ms over its measured runs); the cold one-pass
// figure is reported as well
export const WARMUP = 3
export const WARMUP_MS = 1000
/** The shortest warm run: long enough that scheduling noise and a stray collection average out. */
export const MIN_RUN_MS = 200
const BATCH = 512

/** Our conversion paths: XML, ECS, and ECS on `vigil convert`'s worker threads. */
export type PathName = 'xml' | 'ecs' | 'threads'

/** One measured run over one file: per-pass figures over `passes` back-to-back passes. */
export interface Run {
  readonly ms: number
  readonly cpuMs: number
  readonly records: number
  readonly outBytes: number
  readonly passes: number
}

/** What a measuring child process reports. */
export interface ChildReport {
  readonly runs: Run[][]
  readonly maxRssMb: number
}

// each path's line for one record, as `vigil convert` makes it
const ecsText = (source: WinlogSource, path: string): string =>
  JSON.stringify(mapWinlogSource(source, { filePath: path }))

/** Output lines encoded in 512-line batches written to a stream, as `vigil convert` does. */
class Batches {
  readonly sink: WriteStream
  readonly #lines = new TextBytes()
  outBytes = 0

  constructor(sink: WriteStream) {
    this.sink = sink
  }

  /** Adds a line; true when the batch is full and {@link flush} is due. */
  add(text: string): boolean {
    this.#lines.addLine(text)

    return this.#lines.lines >= BATCH
  }

  async flush(): Promise<void> {
    const bytes = this.#lines.take()
    this.outBytes += bytes.byteLength
    await writeBytes(this.sink, bytes)
  }
}

/**
 * The readers of the `threads` path, started once per process as one `vigil convert` does: its
 * default (one per core, up to 4), at least 2, this thread one of them. Unlike `vigil convert`,
 * which reads a file under 32 MiB on this thread alone, the path reads every file in parts.
 */
export const THREADS = Math.max(2, defaultWorkers())
let pool: ConvertPool | undefined

// `vigil convert`'s threaded path: the file's parts read on THREADS threads, written in order
async function convertOnThreads(path: string, out: Batches): Promise<number> {
  pool ??= new ConvertPool(THREADS - 1, true)
  let records = 0
  const sink: PartSink = {
    stdout: out.sink,
    isXml: false,
    onProblem: () => true,
    onPart: (_path, tally, bytes) => {
      records = tally.records
      out.outBytes += bytes
    },
    onFile: () => undefined,
  }
  const parts = new OrderedParts(pool, sink, THREADS * 3)
  await parts.add(path, statSync(path).size)
  await parts.drain()

  return records
}

// the paths loop apart so that none pays a per-record callback or generator
async function convertRecords(path: string, name: PathName, out: Batches): Promise<number> {
  if (name === 'threads') return convertOnThreads(path, out)

  let records = 0
  if (name === 'xml') {
    for await (const batch of readEvtxXmlBatches(path)) {
      for (const item of batch) {
        if (item.kind !== 'record') continue

        records++
        if (out.add(item.record.xml)) await out.flush()
      }
    }
  } else {
    for await (const batch of readEvtxSourceBatches(path)) {
      for (const item of batch) {
        if (item.kind !== 'record') continue

        records++
        if (out.add(ecsText(item.record.source, path))) await out.flush()
      }
    }
  }

  await out.flush()

  return records
}

// `passes` back-to-back passes as `vigil convert` makes them (records, the conversion, 512-line
// batches to a stream), timed together and given per pass
async function convertRun(
  path: string,
  name: PathName,
  sink: WriteStream,
  passes: number,
): Promise<Run> {
  const start = performance.now()
  const cpu = process.cpuUsage()
  let records = 0
  let outBytes = 0
  for (let i = 0; i < passes; i++) {
    const out = new Batches(sink)
    records = await convertRecords(path, name, out)
    outBytes = out.outBytes
  }

  const used = process.cpuUsage(cpu)
  const ms = (performance.now() - start) / passes
  if (records > 0 && outBytes === 0) throw new Error(`no ${name} output for ${path}`)

  return { ms, cpuMs: (used.user + used.system) / 1000 / passes, records, outBytes, passes }
}

// how many passes make a run of at least MIN_RUN_MS, from one timed pass
export const passesFor = (passMs: number): number =>
  Math.max(1, Math.ceil(MIN_RUN_MS / Math.max(passMs, 0.01)))

// `<xml|ecs|threads> <warm|cold> files…`: warm runs unmeasured passes per file (at least
// WARMUP, for at least WARMUP_MS), then RUNS runs of enough passes to last MIN_RUN_MS; cold one pass
async function runChild(name: PathName, mode: string, files: readonly string[]): Promise<void> {
  const sink = createWriteStream('/dev/null')
  const runs: Run[][] = []
  for (const file of files) {
    if (mode !== 'warm') {
      runs.push([await convertRun(file, name, sink, 1)])
      continue
    }

    const warmStart = performance.now()
    for (let i = 0; i < WARMUP || performance.now() - warmStart < WARMUP_MS; i++)
      await convertRun(file, name, sink, 1)
    const passes = passesFor((await convertRun(file, name, sink, 1)).ms)
    const fileRuns: Run[] = []
    for (let i = 0; i < RUNS; i++) fileRuns.push(await convertRun(file, name, sink, passes))
    runs.push(fileRuns)
  }

  await new Promise((resolve) => sink.end(resolve))
  await pool?.close()
  const report: ChildReport = { runs, maxRssMb: process.resourceUsage().maxRSS / 1024 }
  process.stdout.write(JSON.stringify(report))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name = 'xml', mode = 'warm', ...files] = process.argv.slice(2)
  await runChild(name === 'ecs' || name === 'threads' ? name : 'xml', mode, files)
}
