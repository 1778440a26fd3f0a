const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * Items one at a time from an iterator of non-empty batches of them. An item already decoded
 * costs one resolved promise; only the first of a batch waits for the batch. Overlapping `next()`
 * calls get the items in order.
 */
export class EvtxItemReader<T> implements AsyncGenerator<T> {
  readonly #batches: AsyncGenerator<readonly T[]>
  #items: readonly T[] = []
  #at = 0
  #waiting: Promise<IteratorResult<T>> | undefined

  constructor(batches: AsyncGenerator<readonly T[]>) {
    this.#batches = batches
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#waiting !== undefined) return this.#waiting.then(() => this.next())

    if (this.#at < this.#items.length) {
      const value = this.#items[this.#at] as T
      this.#at += 1

      return Promise.resolve({ done: false, value })
    }

    this.#waiting = this.#batches.next().then(
      (result) => {
        this.#waiting = undefined

        return this.#startBatch(result)
      },
      (cause: unknown) => {
        this.#waiting = undefined
        throw cause
      },
    )

    return this.#waiting
  }

  async return(): Promise<IteratorResult<T>> {
    this.#items = []
    await this.#batches.return(undefined)

    return DONE
  }

  async throw(cause: unknown): Promise<IteratorResult<T>> {
    this.#items = []

    return this.#batches.throw(cause).then(() => DONE)
  }

  #startBatch(result: IteratorResult<readonly T[]>): IteratorResult<T> {
    if (result.done === true) return DONE

    this.#items = result.value
    this.#at = 1

    return result.value.length > 0 ? { done: false, value: result.value[0] as T } : DONE
  }
}
