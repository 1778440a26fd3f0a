import { Worker } from 'node:worker_threads'

import { workerEntry } from '../worker-entry.ts'
import type { PartJob, PartOutput, PartReply } from './convert-protocol.ts'

interface Waiting {
  readonly resolve: (output: PartOutput) => void
  readonly reject: (cause: Error) => void
}

interface Member {
  readonly worker: Worker
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

  constructor(threads: number) {
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
      member.worker.postMessage({ ...job, id } satisfies PartJob)
    })
  }

  /** Stops the threads; jobs still waiting are failed. */
  async close(): Promise<void> {
    this.#isClosed = true
    this.#failAll(new Error('the convert workers were stopped'))
    await Promise.all(this.#members.map((m) => m.worker.terminate()))
  }

  #start(index: number): Member {
    const worker = new Worker(workerEntry(import.meta.url, 'convert-worker'))
    const member: Member = { worker, busy: 0 }
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
