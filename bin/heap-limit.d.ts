/** What the launcher knows of its own run when it decides on the heap limit. */
export interface LauncherRun {
  /** The CLI's first argument (its command), if any. */
  readonly command: string | undefined
  /** The CLI's arguments after its command. */
  readonly args: readonly string[]
  /** node's own arguments (`process.execArgv`). */
  readonly execArgv: readonly string[]
  /** The NODE_OPTIONS environment variable. */
  readonly nodeOptions: string | undefined
  /** The machine's memory (`os.totalmem()`). */
  readonly totalBytes: number
  /** This process's heap limit (`v8.getHeapStatistics().heap_size_limit`). */
  readonly limitBytes: number
  /** Whether this process is the relaunched CLI already. */
  readonly isRelaunched: boolean
}

export declare const RELAUNCHED_ENV: string

export declare function heapLimitArgs(run: LauncherRun): string[] | null
