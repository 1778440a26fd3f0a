import { runCli } from './main.ts'

// a closed pipe (`vigil query ... | head`) is the reader's choice, not an error worth a trace
process.stdout.on('error', (cause: NodeJS.ErrnoException) => {
  if (cause.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw cause
})

process.exitCode = await runCli(process.argv.slice(2))
