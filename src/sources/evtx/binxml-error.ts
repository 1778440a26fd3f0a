/**
 * Thrown while decoding a record's BinXML when the bytes break the format; the record reader turns
 * it into an `ERR_EVTX_BINXML` diagnostic. `message` is one lowercase clause.
 */
export class BinXmlError extends Error {
  override readonly name = 'BinXmlError'
}

/** The message for an unexpected token byte. */
export function unexpectedToken(token: number, where: string): BinXmlError {
  return new BinXmlError(
    `unexpected BinXML token 0x${token.toString(16).padStart(2, '0')} ${where}`,
  )
}
