import { readInputs } from './read-inputs.ts'

// run by ndjson-input.test.ts as a child process, with its stdin piped in
for await (const item of readInputs(['-'], { chunkSize: 3 })) {
  if (item.kind === 'event') {
    process.stdout.write(`event ${item.file}:${String(item.line)} ${JSON.stringify(item.source)}\n`)
  } else {
    const { source, span, code } = item.diagnostic
    process.stdout.write(
      `problem ${source ?? ''}:${String(span.start.line)}:${String(span.start.column)} ${code}\n`,
    )
  }
}
