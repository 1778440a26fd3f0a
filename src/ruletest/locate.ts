import type { Diagnostic, SourceText, Span } from '../syntax/index.ts'
import { EMPTY_SPAN, error } from '../syntax/index.ts'
// the rules stage does not export its TOML locator yet; this is the one place that reaches in
import { TomlLocator } from '../rules/index.ts'
import type { TomlPath } from '../rules/index.ts'

export type { TomlPath }

/** Spans of keys and values in one test file, and diagnostics placed at them. */
export class TestFileLocator {
  readonly #source: SourceText
  readonly #locator: TomlLocator

  constructor(source: SourceText) {
    this.#source = source
    this.#locator = new TomlLocator(source)
  }

  /** The test file's name, as diagnostics print it. */
  get name(): string {
    return this.#source.name
  }

  /** The span of the key at `path` (a header for tables), or of its nearest ancestor. */
  keySpan(path: TomlPath): Span {
    return this.#locator.nearest(path)?.key ?? EMPTY_SPAN
  }

  /** The span of the value at `path`, or of its nearest ancestor's key. */
  valueSpan(path: TomlPath): Span {
    const exact = this.#locator.locate(path)

    return exact?.value ?? this.keySpan(path)
  }

  /** An error at the value of `path`. */
  errorAt(code: string, message: string, path: TomlPath): Diagnostic {
    return error(code, message, this.valueSpan(path), this.#source.name)
  }

  /** An error at the key of `path`. */
  errorAtKey(code: string, message: string, path: TomlPath): Diagnostic {
    return error(code, message, this.keySpan(path), this.#source.name)
  }
}
