import type { Span } from '../syntax/index.ts'

/** Why a query gets no generated events; becomes an `ERR_GEN_*` diagnostic at the entry points. */
export class GenerationError extends Error {
  constructor(
    readonly code: 'ERR_GEN_UNSUPPORTED' | 'ERR_GEN_CONTRADICTION',
    message: string,
    readonly span: Span,
  ) {
    super(message)
  }
}
