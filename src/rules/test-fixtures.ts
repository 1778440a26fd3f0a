import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Absolute path of a file under test/fixtures/rules. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../test/fixtures/rules/${relative}`, import.meta.url))
}

/** Path and text of a fixture file. */
export function readFixture(relative: string): { path: string; text: string } {
  const path = fixturePath(relative)

  return { path, text: readFileSync(path, 'utf8') }
}

/** 1-based line and column of the first `needle` on 1-based `line` of `text`. */
export function positionOf(
  text: string,
  line: number,
  needle: string,
): { line: number; column: number } {
  const column = (text.split('\n')[line - 1] ?? '').indexOf(needle)
  if (column === -1) throw new Error(`"${needle}" is not on line ${line}`)

  return { line, column: column + 1 }
}
