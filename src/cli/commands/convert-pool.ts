import { Worker } from 'node:worker_threads'

import { workerEntry } from '../worker-entry.ts'
import { partReply } from './convert-part.ts'
import type { PartJob, PartOutput, PartReply } from './convert-protocol.ts'

interface Waiting {
  readonly resolve: (output: PartOutput) => void
  readonly reject: (cause: Error) => void
}

interface Member {
  /** Hands it a job; its reply comes back through the pool's answer. */
  readonly send: (job: PartJob) => void
  /** Stops it. */
  readonly stop: () => Promise<unknown>
  /** Jobs sent to it and not answered yet. */
  busy: number
}

/**
 * Worker threads that read EVTX parts (`convert-worker.ts`). Each job goes to the thread with
 * the fewest unanswered jobs; answers come back in any order, matched by job id. A thread that
 * fails or exits fails every job still waiting. The threads live until {@link close}.
 */
export class ConvertPool {
  readonly #members: Member[] = []
  readonly #waiting = new Map<number, Waiting & { readonly member: Member }>()
  #nextId = 0
  #failure: Error | undefined
  #isClosed = false

  /**
   * `threads` worker threads, and with `hasOwnLane` this thread as one more reader: between its
   * writes, this thread reads the parts given to it as a worker thread would.
   */
  constructor(threads: number, hasOwnLane = false) {
    if (hasOwnLane) this.#members.push(this.#ownLane())
    for (let i = 0; i < threads; i++) this.#members.push(this.#start(i))
  }

  /** Converts one part on the least busy thread. */
  convert(job: Omit<PartJob, 'id'>): Promise<PartOutput> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure)

    const member = this.#members.reduce((a, b) => (b.busy < a.busy ? b : a))
    const id = this.#nextId++
    member.busy++

    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject, member })
      member.send({ ...job, id })
    })
  }

  /** Stops the threads; jobs still waiting are failed. */
  async close(): Promise<void> {
    this.#isClosed = true
    this.#failAll(new Error('the convert workers were stopped'))
    await Promise.all(this.#members.map((m) => m.stop()))
  }

  #start(index: number): Member {
    const worker = new Worker(workerEntry(import.meta.url, 'convert-worker'))
    const member: Member = {
      send: (job) => {
        worker.postMessage(job)
      },
      stop: () => worker.terminate(),
      busy: 0,
    }
    worker.on('message', (reply: PartReply) => {
      this.#answer(reply)
    })
    worker.on('error', (cause) => {
      this.#failAll(cause)
    })
    worker.on('exit', (code) => {
      if (!this.#isClosed)
        this.#failAll(new Error(`convert worker ${String(index)} exited with ${String(code)}`))
    })

    return member
  }

  // this thread's lane reads its parts one after another, as a worker thread does
  #ownLane(): Member {
    let queue = Promise.resolve()
    const read = async (job: PartJob): Promise<void> => {
      this.#answer(await partReply(job))
    }

    return {
      send: (job) => {
        queue = queue.then(() => read(job))
      },
      stop: () => queue,
      busy: 0,
    }
  }

  #answer(reply: PartReply): void {
    const waiting = this.#waiting.get(reply.id)
    if (waiting === undefined) return

    this.#waiting.delete(reply.id)
    waiting.member.busy--
    if (reply.kind === 'part') waiting.resolve(reply)
    else waiting.reject(new Error(`convert worker failed: ${reply.message}`))
  }

  #failAll(cause: Error): void {
    this.#failure ??= cause
    for (const waiting of this.#waiting.values()) waiting.reject(cause)
    this.#waiting.clear()
  }
}
