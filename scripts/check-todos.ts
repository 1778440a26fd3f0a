// rejects TODO/FIXME/XXX/HACK markers that do not name an issue, as the house style requires
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOTS = ['src', 'test', 'bench', 'scripts']
const MARKER = /\b(TODO|FIXME|XXX|HACK)\b(?!\(#\d+\))/

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* walk(path)
    else if (/\.(ts|js|mjs)$/.test(name)) yield path
  }
}

let found = 0
for (const root of ROOTS) {
  try {
    statSync(root)
  } catch {
    continue
  }

  for (const file of walk(root)) {
    if (file.endsWith('check-todos.ts')) continue

    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (MARKER.test(line)) {
          console.error(`${file}:${i + 1}: marker without an issue number: ${line.trim()}`)
          found++
        }
      })
  }
}

if (found > 0) {
  console.error(
    `${found} unowned marker(s); write TODO(#N) or move the note to docs/limitations.md`,
  )
  process.exit(1)
}
console.log('no unowned TODO markers')
