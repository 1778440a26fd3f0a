// EVTX reader throughput on the corpus's largest files, against libevtx's evtxexport:
// node --import tsx bench/evtx.bench.ts [count]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { readEvtx } from '../src/sources/evtx/index.ts'
import { serializeXml } from '../src/sources/xml/serialize.ts'

const CORPUS = fileURLToPath(new URL('../../shared/corpus/evtx/', import.meta.url))
const OUT_DIR = fileURLToPath(new URL('../.bench/', import.meta.url))
const RUNS = 7
const EVTXEXPORT_RUNS = 3

interface Row {
  file: string
  bytes: number
  records: number
  treeMs: number
  xmlMs: number
  evtxexportMs: number | null
}

function largestFiles(count: number): { path: string; bytes: number }[] {
  const lines = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1)
  const files = lines.map((line) => {
    const [path = '', bytes = '0'] = line.split('\t')

    return { path, bytes: Number(bytes) }
  })

  return files.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, count)
}

async function readOnce(path: string, toXml: boolean): Promise<{ records: number; ms: number }> {
  let records = 0
  let chars = 0
  const start = performance.now()
  for await (const item of readEvtx(path)) {
    if (item.kind !== 'record') continue

    records += 1
    if (toXml) chars += serializeXml(item.record.event).length
  }

  const ms = performance.now() - start
  if (toXml && chars === 0) throw new Error('no xml produced')

  return { records, ms }
}

async function median(path: string, toXml: boolean): Promise<{ records: number; ms: number }> {
  await readOnce(path, toXml)
  const runs: { records: number; ms: number }[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await readOnce(path, toXml))
  runs.sort((a, b) => a.ms - b.ms)

  return runs[Math.floor(runs.length / 2)] ?? { records: 0, ms: 0 }
}

function hasEvtxexport(): boolean {
  return spawnSync('evtxexport', ['-V'], { stdio: 'ignore' }).error === undefined
}

function timeEvtxexport(path: string): number {
  const times: number[] = []
  for (let i = 0; i < EVTXEXPORT_RUNS; i++) {
    const start = performance.now()
    spawnSync('evtxexport', ['-f', 'xml', path], { stdio: 'ignore' })
    times.push(performance.now() - start)
  }

  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0
}

function rate(amount: number, ms: number | null): string {
  return ms === null || ms === 0 ? '-' : (amount / (ms / 1000)).toFixed(0)
}

async function main(): Promise<void> {
  if (!existsSync(`${CORPUS}MANIFEST.tsv`)) {
    console.log('shared corpus not found at ../shared/corpus/evtx; nothing to measure')

    return
  }

  const withEvtxexport = hasEvtxexport()
  const rows: Row[] = []
  for (const { path, bytes } of largestFiles(Number(process.argv[2] ?? 5))) {
    const full = CORPUS + path
    const tree = await median(full, false)
    const xml = await median(full, true)
    const evtxexportMs = withEvtxexport ? timeEvtxexport(full) : null
    rows.push({
      file: path,
      bytes,
      records: tree.records,
      treeMs: tree.ms,
      xmlMs: xml.ms,
      evtxexportMs,
    })
  }

  printTable(rows, withEvtxexport)
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  console.log(`peak RSS of this process: ${peakRssMb.toFixed(1)} MB`)
  mkdirSync(OUT_DIR, { recursive: true })
  const summary = { node: process.version, runs: RUNS, peakRssMb, withEvtxexport, rows }
  writeFileSync(`${OUT_DIR}evtx.json`, `${JSON.stringify(summary, null, 2)}\n`)
  console.log('written .bench/evtx.json')
}

function printTable(rows: Row[], withEvtxexport: boolean): void {
  console.log(
    'file | MB | records | tree rec/s | tree MB/s | xml rec/s | xml MB/s | evtxexport rec/s | speed-up (xml)',
  )
  let bytes = 0
  let records = 0
  let treeMs = 0
  let xmlMs = 0
  let evtxMs = 0
  for (const row of rows) {
    const mb = row.bytes / 1e6
    const speedUp =
      row.evtxexportMs === null ? '-' : `${(row.evtxexportMs / row.xmlMs).toFixed(1)}x`
    console.log(
      [
        row.file.split('/').pop(),
        mb.toFixed(2),
        row.records,
        rate(row.records, row.treeMs),
        rate(mb, row.treeMs),
        rate(row.records, row.xmlMs),
        rate(mb, row.xmlMs),
        rate(row.records, row.evtxexportMs),
        speedUp,
      ].join(' | '),
    )
    bytes += row.bytes
    records += row.records
    treeMs += row.treeMs
    xmlMs += row.xmlMs
    evtxMs += row.evtxexportMs ?? 0
  }

  const total = withEvtxexport ? `${(evtxMs / xmlMs).toFixed(1)}x` : '- (evtxexport not on PATH)'
  console.log(
    `total | ${(bytes / 1e6).toFixed(2)} | ${records} | ${rate(records, treeMs)} | ${rate(bytes / 1e6, treeMs)} | ${rate(records, xmlMs)} | ${rate(bytes / 1e6, xmlMs)} | ${rate(records, withEvtxexport ? evtxMs : null)} | ${total}`,
  )
}

await main()
