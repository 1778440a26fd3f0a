import { compileQuery, runCompiledQuery } from '../src/cli/run-query.ts'

/** What one query run counted. */
export interface QueryCounts {
  readonly events: number
  readonly matches: number
  readonly skipped: number
}

/**
 * Runs one EQL query over a file through the real reader, compiler and engine, with the same
 * driver `vigil query` uses (without printing), and counts the lines read and the results.
 */
export async function runQuery(
  query: string,
  path: string,
  usePrefilter: boolean,
): Promise<QueryCounts> {
  const compiled = compileQuery(query, 'event.category')
  if (!compiled.ok) throw new Error(`bench query fails: ${compiled.diagnostics[0]?.message ?? ''}`)

  const outcome = await runCompiledQuery(compiled.value, [path], {
    timestampField: '@timestamp',
    tiebreakerField: 'event.sequence',
    categoryField: 'event.category',
    usePrefilter,
  })
  const skipped = outcome.summaries.reduce((sum, s) => sum + s.skipped, 0)
  const read = outcome.summaries.reduce((sum, s) => sum + s.events, 0)

  // events/s counts every line of the file, parsed or skipped by the prefilter
  return { events: read + skipped, matches: outcome.results.total, skipped }
}
