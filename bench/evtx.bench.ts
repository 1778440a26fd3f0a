// EVTX reader throughput on the corpus's largest files, against libevtx's evtxexport:
// node --import tsx bench/evtx.bench.ts [count]
// the machine is shared, so each figure is the best of several runs, and CPU time (ours from
// process.cpuUsage, evtxexport's from bash's `time`) is reported beside wall time
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
import { fileURLToPath } from 'node:url'

import { readEvtx } from '../src/sources/evtx/index.ts'
import { serializeXml } from '../src/sources/xml/serialize.ts'

const CORPUS = fileURLToPath(new URL('../../shared/corpus/evtx/', import.meta.url))
const OUT_DIR = fileURLToPath(new URL('../.bench/', import.meta.url))
const RUNS = 9
const EVTXEXPORT_RUNS = 5
const BIG_FILE_MB = 128

/** Wall and CPU milliseconds of one measured run. */
interface Timing {
  readonly ms: number
  readonly cpuMs: number
}

interface Row {
  readonly file: string
  readonly bytes: number
  readonly records: number
  readonly tree: Timing
  readonly xml: Timing
  readonly evtxexport: Timing | null
}

function largestFiles(count: number): { path: string; bytes: number }[] {
  const lines = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1)
  const files = lines.map((line) => {
    const [path = '', bytes = '0'] = line.split('\t')

    return { path, bytes: Number(bytes) }
  })

  return files.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, count)
}

async function readOnce(path: string, toXml: boolean): Promise<Timing & { records: number }> {
  let records = 0
  let chars = 0
  const start = performance.now()
  const cpu = process.cpuUsage()
  for await (const item of readEvtx(path)) {
    if (item.kind !== 'record') continue

    records += 1
    if (toXml) chars += serializeXml(item.record.event).length
  }

  const used = process.cpuUsage(cpu)
  const ms = performance.now() - start
  if (toXml && records > 0 && chars === 0) throw new Error('no xml produced')

  return { records, ms, cpuMs: (used.user + used.system) / 1000 }
}

async function best(path: string, toXml: boolean): Promise<Timing & { records: number }> {
  const first = await readOnce(path, toXml)
  const runs = [first]
  for (let i = 0; i < RUNS; i++) runs.push(await readOnce(path, toXml))

  return {
    records: first.records,
    ms: Math.min(...runs.map((r) => r.ms)),
    cpuMs: Math.min(...runs.map((r) => r.cpuMs)),
  }
}

function hasEvtxexport(): boolean {
  return spawnSync('evtxexport', ['-V'], { stdio: 'ignore' }).error === undefined
}

function timeEvtxexport(path: string): Timing {
  const walls: number[] = []
  const cpus: number[] = []
  const script = 'TIMEFORMAT="%3U %3S"; time evtxexport -f xml "$0" > /dev/null 2> /dev/null'
  for (let i = 0; i < EVTXEXPORT_RUNS; i++) {
    const start = performance.now()
    const run = spawnSync('bash', ['-c', script, path], { encoding: 'utf8' })
    walls.push(performance.now() - start)
    const [user = 0, system = 0] = run.stderr.trim().split(/\s+/).map(Number)
    cpus.push((user + system) * 1000)
  }

  return { ms: Math.min(...walls), cpuMs: Math.min(...cpus) }
}

function rate(amount: number, ms: number | undefined): string {
  return ms === undefined || ms === 0 ? '-' : (amount / (ms / 1000)).toFixed(0)
}

function ratio(theirs: number | undefined, ours: number): string {
  return theirs === undefined || ours === 0 ? '-' : `${(theirs / ours).toFixed(1)}x`
}

// the largest corpus file's chunks repeated into one big log: memory must not grow with size
async function bigFile(source: string): Promise<Timing & { records: number; rssMb: number[] }> {
  const original = readFileSync(CORPUS + source)
  const body = original.subarray(4096, 4096 + Math.floor((original.length - 4096) / 65536) * 65536)
  const dir = mkdtempSync(`${tmpdir()}/vigil-evtx-bench-`)
  const path = `${dir}/big.evtx`
  writeFileSync(path, original.subarray(0, 4096))
  for (let size = 0; size < BIG_FILE_MB * 1024 * 1024; size += body.length)
    appendFileSync(path, body)
  try {
    // the first pass warms the page cache the copy has just filled
    await readOnce(path, false)
    const rssMb = [process.memoryUsage().rss / 1e6]
    const timing = await readOnce(path, true)
    rssMb.push(process.memoryUsage().rss / 1e6)

    return { ...timing, rssMb }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function printTable(rows: readonly Row[]): void {
  console.log(
    'file | MB | records | tree rec/s | tree MB/s | xml rec/s | xml MB/s | evtxexport rec/s | ' +
      'speed-up wall | speed-up cpu',
  )
  const sum = (pick: (row: Row) => number | undefined): number =>
    rows.reduce((n, row) => n + (pick(row) ?? 0), 0)
  const lines = [
    ...rows.map((row) => ({ name: row.file.split('/').pop() ?? row.file, ...row })),
    {
      name: 'total',
      bytes: sum((r) => r.bytes),
      records: sum((r) => r.records),
      tree: { ms: sum((r) => r.tree.ms), cpuMs: sum((r) => r.tree.cpuMs) },
      xml: { ms: sum((r) => r.xml.ms), cpuMs: sum((r) => r.xml.cpuMs) },
      evtxexport: rows.every((r) => r.evtxexport !== null)
        ? { ms: sum((r) => r.evtxexport?.ms), cpuMs: sum((r) => r.evtxexport?.cpuMs) }
        : null,
    },
  ]
  for (const line of lines) {
    const mb = line.bytes / 1e6
    const cells = [
      line.name,
      mb.toFixed(2),
      line.records,
      rate(line.records, line.tree.ms),
      rate(mb, line.tree.ms),
      rate(line.records, line.xml.ms),
      rate(mb, line.xml.ms),
      rate(line.records, line.evtxexport?.ms),
      ratio(line.evtxexport?.ms, line.xml.ms),
      ratio(line.evtxexport?.cpuMs, line.xml.cpuMs),
    ]
    console.log(cells.join(' | '))
  }
}

async function main(): Promise<void> {
  if (!existsSync(`${CORPUS}MANIFEST.tsv`)) {
    console.log('shared corpus not found at ../shared/corpus/evtx; nothing to measure')

    return
  }

  const withEvtxexport = hasEvtxexport()
  if (!withEvtxexport) console.log('evtxexport not on PATH: its columns are left empty')

  const rows: Row[] = []
  for (const { path, bytes } of largestFiles(Number(process.argv[2] ?? 5))) {
    const full = CORPUS + path
    const tree = await best(full, false)
    const xml = await best(full, true)
    const evtxexport = withEvtxexport ? timeEvtxexport(full) : null
    rows.push({ file: path, bytes, records: tree.records, tree, xml, evtxexport })
  }

  printTable(rows)
  const big = await bigFile(rows[0]?.file ?? '')
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  console.log(
    `streaming a ${BIG_FILE_MB} MB file to XML: ${big.records} records, ${rate(big.records, big.ms)} rec/s, ` +
      `${rate(BIG_FILE_MB, big.ms)} MB/s (cpu ${rate(BIG_FILE_MB, big.cpuMs)} MB/s); ` +
      `RSS ${big.rssMb.map((m) => m.toFixed(0)).join(' -> ')} MB`,
  )
  console.log(
    `peak RSS of this process: ${peakRssMb.toFixed(1)} MB (node and the tsx loader included)`,
  )
  mkdirSync(OUT_DIR, { recursive: true })
  const summary = { node: process.version, runs: RUNS, peakRssMb, withEvtxexport, rows, big }
  writeFileSync(`${OUT_DIR}evtx.json`, `${JSON.stringify(summary, null, 2)}\n`)
  console.log('written .bench/evtx.json')
}

await main()
