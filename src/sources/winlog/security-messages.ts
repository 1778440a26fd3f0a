import { child, decodeLong, text } from './doc.ts'
import { ACCESS_MASK_FLAGS } from './security-codes.ts'
import { MESSAGE_TABLE } from './security-msobjs.ts'
import type { Winlog } from './types.ts'

type Data = Record<string, unknown>

const PERCENT_RE = /%%/g
const WHITE_SPACE_RE = /\s+/

/** Single-bit access mask flags → their names, as the pipeline looks them up (bit 0 first). */
const MASK_BITS: ReadonlyMap<number, string> = new Map(
  ACCESS_MASK_FLAGS.filter(([flag]) => isSingleBit(flag)).map(([flag, name]) => [flag >>> 0, name]),
)

function isSingleBit(flag: number): boolean {
  const bits = flag >>> 0

  return bits !== 0 && (bits & (bits - 1)) >>> 0 === 0
}

/**
 * Decodes the `%%NNNN` message references of a Security event as the current pipeline does, for
 * every event code: FailureReason into `winlog.logon.failure.reason`, AuditPolicyChanges into
 * its description, AccessList into its codes and their descriptions, AccessMask into its
 * descriptions (or values) and the names of the bits it sets. A reference the message table
 * does not hold stands for itself.
 */
export function decodeSecurityMessages(winlog: Winlog, data: Data): void {
  const reason = text(data, 'FailureReason')
  if (reason !== undefined) {
    const code = reason.replace(PERCENT_RE, '')
    child(child(winlog, 'logon'), 'failure').reason = MESSAGE_TABLE.get(code) ?? code
  }

  const changes = text(data, 'AuditPolicyChanges')
  if (changes !== undefined) {
    const names = changes
      .split(',')
      .map((part) => nameOf(messageCode(part)))
      .filter(isText)
    if (names.length > 0) data.AuditPolicyChangesDescription = names
  }

  decodeAccessList(data)
  decodeAccessMask(data)
}

function decodeAccessList(data: Data): void {
  const list = text(data, 'AccessList')
  if (list === undefined) return

  const codes = words(list).map(messageCode)
  const kept = codes.filter((code) => code !== '')
  if (kept.length > 0) data.AccessList = kept
  const names = codes.map(nameOf).filter(isText)
  if (names.length > 0) data.AccessListDescription = names
}

// each mask is named when it is a message reference, else kept; the bits of all of them are
// then named one by one, from bit 0
function decodeAccessMask(data: Data): void {
  const masks = text(data, 'AccessMask')
  if (masks === undefined) return

  const values: string[] = []
  let bits = 0
  for (const word of words(masks)) {
    if (word === '') continue

    const code = messageCode(word)
    values.push(nameOf(code))
    bits = (bits | (decodeLong(code) ?? 0)) >>> 0
  }
  if (values.length > 0) data.AccessMask = values

  const names: string[] = []
  for (let bit = 0; bit < 32; bit++) {
    const name = MASK_BITS.get((1 << bit) >>> 0)
    if (name !== undefined && (bits & (1 << bit)) !== 0) names.push(name)
  }
  if (names.length > 0) data.AccessMaskDescription = names
}

// an empty piece gives an empty name, which the pipeline's last step removes
function isText(name: string): boolean {
  return name !== ''
}

/** A message reference (`%%NNNN`, with spaces around) as the table's key: `NNNN`. */
export function messageCode(part: string): string {
  return part.replace(PERCENT_RE, '').trim()
}

function nameOf(code: string): string {
  return MESSAGE_TABLE.get(code) ?? code
}

// the pipeline's split: white space runs cut the text; a trailing run leaves an empty last word
function words(value: string): string[] {
  const trimmed = value.replace(/^\s+/, '')

  return trimmed === '' ? [''] : trimmed.split(WHITE_SPACE_RE)
}
