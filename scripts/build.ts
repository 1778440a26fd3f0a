// builds what bin/vigil.js runs: the CLI and its two worker threads bundled by esbuild into
// dist/cli/, their shared code in chunks beside them. A few files instead of some 360 modules
// spare Node's ES module loader most of its work at every start (docs/limitations.md has the
// figures). The packages under node_modules stay outside the bundle and load as installed.
// Type checking is `npm run typecheck`; `npm run build` runs both
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * The entries, each written as `<outdir>/<name>.js`: the worker files must sit beside the chunk
 * that starts them (src/cli/worker-entry.ts), and an outdir two levels under the package keeps
 * the relative paths the sources use (`../../package.json`, the build id of
 * src/cli/rule-cache.ts) true.
 */
const ENTRIES = [
  'src/cli/start.ts',
  'src/cli/commands/convert-worker.ts',
  'src/cli/commands/shard-worker.ts',
]

/** Bundles the CLI into `outdir` (emptied first); returns the JavaScript files written. */
export async function bundleCli(outdir: string): Promise<string[]> {
  rmSync(outdir, { recursive: true, force: true })
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  })

  return Object.keys(result.metafile.outputs).filter((path) => path.endsWith('.js'))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true })
  const files = await bundleCli(join(ROOT, 'dist', 'cli'))
  console.log(`built ${String(files.length)} files in dist/cli/`)
}
