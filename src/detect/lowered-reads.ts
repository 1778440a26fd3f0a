import { compileValueReader } from '../ecs/index.ts'
import type { EcsEvent, ValueReader } from '../ecs/index.ts'
import { integerKeyText, isIntegerKeyField } from './key-fields.ts'

/** What a field read gives when it is neither an object nor an array (functions never occur). */
type Scalar = string | number | boolean | bigint | symbol

/** A scalar's key text; undefined when it can hold no key. */
type KeyText = (value: Scalar) => string | undefined

const NO_TEXTS: readonly string[] = []
/** The last generation a `Uint32Array` of marks can hold. */
const MAX_GENERATION = 0xffffffff

/**
 * The lower-cased values of the fields the rule index looks at, each read and lower-cased at most
 * once per event however many keys and key checks use it. `advance` starts the next event.
 */
export class LoweredReads {
  #generation = 0
  readonly #last: number
  readonly #fields = new Map<string, LoweredField>()

  /** `last` is the generation after which counting starts over (small only in tests). */
  constructor(last = MAX_GENERATION) {
    this.#last = last
  }

  /** The generation of the current event. */
  get generation(): number {
    return this.#generation
  }

  /**
   * Forgets the values of the previous event. Returns true when the generation started over
   * (after 2^32 - 1 events by default), so that marks kept by generation elsewhere must be cleared too.
   */
  advance(): boolean {
    const isWrapping = this.#generation === this.#last
    if (isWrapping) {
      this.#generation = 0
      for (const field of this.#fields.values()) field.forget()
    }

    this.#generation++

    return isWrapping
  }

  /** The shared reader of one field. */
  field(path: string): LoweredField {
    let field = this.#fields.get(path)
    if (field === undefined) {
      const text = isIntegerKeyField(path) ? integerKeyText : keyText
      field = new LoweredField(compileValueReader(path), this, text)
      this.#fields.set(path, field)
    }

    return field
  }
}

/**
 * One field's values for the current event: whether it has any, and its scalars lower-cased (an
 * integer field's as integers, see {@link integerKeyText}).
 */
export class LoweredField {
  readonly #read: ValueReader
  readonly #reads: LoweredReads
  readonly #text: KeyText
  #generation = -1
  #isPresent = false
  #texts: readonly string[] = NO_TEXTS
  // the texts of a single-valued field, refilled per event: most fields hold one value, and the
  // texts are only walked while their event is indexed
  readonly #one: string[] = ['']

  constructor(read: ValueReader, reads: LoweredReads, text: KeyText) {
    this.#read = read
    this.#reads = reads
    this.#text = text
  }

  /** Drops the cached values, whatever their generation. */
  forget(): void {
    this.#generation = -1
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
    this.#texts = this.#textsOf(value)
  }

  #textsOf(value: unknown): readonly string[] {
    if (value === undefined || (typeof value === 'object' && !Array.isArray(value))) return NO_TEXTS
    if (Array.isArray(value)) return this.#allTextsOf(value)

    const text = this.#text(value as Scalar)
    if (text === undefined) return NO_TEXTS

    this.#one[0] = text

    return this.#one
  }

  #allTextsOf(values: readonly unknown[]): string[] {
    const texts: string[] = []
    for (const item of values) {
      const text = typeof item === 'object' ? undefined : this.#text(item as Scalar)
      if (text !== undefined) texts.push(text)
    }

    return texts
  }
}

function keyText(value: Scalar): string {
  return String(value).toLowerCase()
}
