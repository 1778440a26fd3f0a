import { compileValueReader } from '../ecs/index.ts'
import type { EcsEvent, ValueReader } from '../ecs/index.ts'

/** What a field read gives when it is neither an object nor an array (functions never occur). */
type Scalar = string | number | boolean | bigint | symbol

const NO_TEXTS: readonly string[] = []

/**
 * The lower-cased values of the fields the rule index looks at, each read and lower-cased at most
 * once per event however many keys and key checks use it. `advance` starts the next event.
 */
export class LoweredReads {
  #generation = 0
  readonly #fields = new Map<string, LoweredField>()

  /** The generation of the current event. */
  get generation(): number {
    return this.#generation
  }

  /** Forgets the values of the previous event. */
  advance(): void {
    this.#generation++
  }

  /** The shared reader of one field. */
  field(path: string): LoweredField {
    let field = this.#fields.get(path)
    if (field === undefined) {
      field = new LoweredField(compileValueReader(path), this)
      this.#fields.set(path, field)
    }

    return field
  }
}

/** One field's values for the current event: whether it has any, and its scalars lower-cased. */
export class LoweredField {
  readonly #read: ValueReader
  readonly #reads: LoweredReads
  #generation = -1
  #isPresent = false
  #texts: string[] = []

  constructor(read: ValueReader, reads: LoweredReads) {
    this.#read = read
    this.#reads = reads
  }

  /** Whether the event holds a value (a null or an empty array is none). */
  isPresent(event: EcsEvent): boolean {
    this.#load(event)

    return this.#isPresent
  }

  /** The event's scalar values of the field, lower-cased (objects inside are left out). */
  texts(event: EcsEvent): readonly string[] {
    this.#load(event)

    return this.#isPresent ? this.#texts : NO_TEXTS
  }

  #load(event: EcsEvent): void {
    const generation = this.#reads.generation
    if (this.#generation === generation) return

    this.#generation = generation
    const value = this.#read(event)
    this.#isPresent = value !== undefined
    // a fresh array: a caller may still hold the previous event's
    this.#texts = value === undefined ? [] : textsOf(value)
  }
}

function textsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return typeof value === 'object' ? [] : [keyText(value as Scalar)]

  const texts: string[] = []
  for (const item of value as readonly unknown[]) {
    if (typeof item !== 'object') texts.push(keyText(item as Scalar))
  }

  return texts
}

function keyText(value: Scalar): string {
  return String(value).toLowerCase()
}
