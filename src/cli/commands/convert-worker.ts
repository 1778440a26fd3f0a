import { parentPort } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'

import { partReply } from './convert-part.ts'
import type { PartJob } from './convert-protocol.ts'

// one thread of `vigil convert --workers`: it reads the EVTX parts it is sent and hands back their
// output lines already encoded, so the main thread only writes bytes in order
const port = parentPort
if (port === null) throw new Error('convert-worker.ts runs as a worker thread')

// the parts are read one after another, in the order they came: the pool sends a few ahead so
// that the thread never waits, but reading them side by side (each waiting on its file reads)
// kept several parts' documents alive at once, which cost a quarter more CPU in collections
let queue = Promise.resolve()

port.on('message', (job: PartJob) => {
  queue = queue.then(() => answer(port, job))
})

async function answer(port: MessagePort, job: PartJob): Promise<void> {
  const reply = await partReply(job)
  const transfer =
    reply.kind === 'part' ? reply.pieces.map((piece) => piece.buffer as ArrayBuffer) : []
  port.postMessage(reply, transfer)
}
