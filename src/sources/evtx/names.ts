import { BinXmlError } from './binxml-error.ts'
import type { ChunkContext } from './chunk-context.ts'
import { CHUNK_SIZE } from './layout.ts'
import { decodeUtf16 } from './text.ts'

/** Size of a Name structure's fixed part: next link, hash, length. */
const NAME_HEADER = 8

/**
 * The name stored at a chunk offset (format doc §2.3): read by offset, never through the hash
 * table, which may be damaged. The stored hash is checked so that a reference into wiped or
 * overwritten bytes fails instead of yielding a wrong name.
 */
export function readName(ctx: ChunkContext, offset: number): string {
  const cached = ctx.cachedName(offset)
  if (cached !== undefined) return cached

  const name = decodeName(ctx, offset)
  ctx.cacheName(offset, name)

  return name
}

/** Bytes a Name structure at a chunk offset occupies, so that an inline one can be skipped. */
export function nameSize(ctx: ChunkContext, offset: number): number {
  return NAME_HEADER + 2 * ctx.view.getUint16(offset + 6, true) + 2
}

function decodeName(ctx: ChunkContext, offset: number): string {
  const { view } = ctx
  const units = view.getUint16(offset + 6, true)
  const start = offset + NAME_HEADER
  if (units === 0) throw new BinXmlError('a name reference points at an empty name')
  if (start + 2 * units > CHUNK_SIZE) throw new BinXmlError('a name runs past the end of its chunk')

  let hash = 0
  for (let i = 0; i < units; i++) {
    hash = (Math.imul(hash, 65599) + view.getUint16(start + 2 * i, true)) >>> 0
  }

  if ((hash & 0xffff) !== view.getUint16(offset + 4, true)) {
    throw new BinXmlError('a name reference points at bytes whose hash does not match a name')
  }

  return decodeUtf16(ctx.bytes, start, start + 2 * units)
}
