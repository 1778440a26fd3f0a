// compares our reader with `evtxexport -f xml` over the whole corpus and prints the match rate:
// node --import tsx test/conformance/evtx/run.ts [path-substring]
import { CORPUS, HAS_CORPUS, NO_CORPUS, readCorpusFile, readManifest } from './corpus.ts'
import { compareWithLibevtx, hasEvtxexport, libevtxEvents } from './libevtx-compare.ts'

if (!HAS_CORPUS || !hasEvtxexport()) {
  console.log(HAS_CORPUS ? 'evtxexport not on PATH (apt-get install libevtx-utils)' : NO_CORPUS)
  process.exit(0)
}

const filter = process.argv[2] ?? ''
const totals = { files: 0, theirs: 0, matched: 0, equalEvents: 0, fields: 0, equalFields: 0 }
const byPath = new Map<string, { count: number; example: string }>()
for (const entry of readManifest()) {
  if (!entry.path.includes(filter)) continue

  const ours = readCorpusFile(entry.path).events
  const result = compareWithLibevtx(ours, libevtxEvents(CORPUS + entry.path))
  totals.files += 1
  totals.theirs += result.theirs
  totals.matched += result.matched
  totals.equalEvents += result.equalEvents
  totals.fields += result.fields
  totals.equalFields += result.equalFields
  for (const m of result.mismatches) {
    const key = m.path.replace(/\[\d+\]/g, '').replace(/\/\d+$/, '/#')
    const seen = byPath.get(key) ?? {
      count: 0,
      example: `${entry.path}: ours=${JSON.stringify(m.ours)} theirs=${JSON.stringify(m.theirs)}`,
    }
    seen.count += 1
    byPath.set(key, seen)
  }
}

const percent = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(3)}%`)
console.log(
  `files ${totals.files}; libevtx events ${totals.theirs}; matched ${totals.matched} (${percent(totals.matched, totals.theirs)})`,
)
console.log(
  `events equal in every field: ${totals.equalEvents} (${percent(totals.equalEvents, totals.matched)})`,
)
console.log(
  `fields equal: ${totals.equalFields} of ${totals.fields} (${percent(totals.equalFields, totals.fields)})`,
)
for (const [path, { count, example }] of [...byPath].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`  ${count}× ${path}  e.g. ${example.slice(0, 300)}`)
}
