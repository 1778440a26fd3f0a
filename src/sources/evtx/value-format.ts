// text forms of the BinXML value types as Windows writes them in event XML (format doc §5)

const HEX_UPPER = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).toUpperCase().padStart(2, '0'),
)

/** Seconds between 1601-01-01 (FILETIME epoch) and 1970-01-01 (Unix epoch). */
const EPOCH_DIFFERENCE_SECONDS = 11_644_473_600

/** 2^32 = 429 · 10^7 + 4,967,296: splits a tick count into seconds without 64-bit maths. */
const TWO_32_SECONDS = 429
const TWO_32_REMAINDER = 4_967_296

/** Above this high word `hi · 4,967,296 + lo` no longer fits a double exactly. */
const MAX_EXACT_HIGH_WORD = 1_800_000_000

// two cached seconds: a record's header time and its TimeCreated alternate but rarely change
const cachedSeconds = [Number.NaN, Number.NaN]
const cachedTexts = ['', '']
let nextSlot = 0

/** Two upper-case hex digits of a byte. */
export function hexByte(byte: number): string {
  return HEX_UPPER[byte & 0xff] ?? ''
}

/** Bytes `[start, end)` as upper-case hex without separators (Binary values). */
export function formatBinary(view: DataView, start: number, end: number): string {
  let text = ''
  for (let i = start; i < end; i++) text += hexByte(view.getUint8(i))

  return text
}

/** `0x` and lower-case hex without leading zeros, from two 32-bit halves (HexInt, SizeT). */
export function formatHex(lo: number, hi: number): string {
  // the same keyword masks and logon ids come back record after record and radix conversion is
  // the costly part: a small direct-mapped cache, slot chosen by the low bits of both words
  const slot = ((lo ^ hi ^ (lo >>> 8)) & (HEX_SLOTS - 1)) * 2
  if (HEX_KEYS[slot] === lo && HEX_KEYS[slot + 1] === hi) return HEX_TEXTS[slot >> 1] ?? ''

  const text =
    hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`
  HEX_KEYS[slot] = lo
  HEX_KEYS[slot + 1] = hi
  HEX_TEXTS[slot >> 1] = text

  return text
}

const HEX_SLOTS = 16
// -1 never equals a uint32, so the empty slots never match
const HEX_KEYS = new Float64Array(HEX_SLOTS * 2).fill(-1)
const HEX_TEXTS: string[] = new Array<string>(HEX_SLOTS).fill('')

/** Decimal text of a 64-bit integer given as two unsigned 32-bit halves. */
export function formatInt64(lo: number, hi: number, isSigned: boolean): string {
  if (hi === 0) return String(lo)
  if (!isSigned || hi < 0x80000000) {
    if (hi < 0x200000) return String(hi * 0x100000000 + lo)

    return ((BigInt(hi) << 32n) | BigInt(lo)).toString()
  }

  if (hi === 0xffffffff && lo !== 0) return String(lo - 0x100000000)

  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString()
}

/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`: the first three groups are little-endian. */
export function formatGuid(view: DataView, at: number): string {
  // provider and activity GUIDs repeat across records: two slots, least recently used replaced,
  // so a fixed provider GUID survives beside an activity id that changes every record
  const a = view.getUint32(at, true)
  const b = view.getUint32(at + 4, true)
  const c = view.getUint32(at + 8, true)
  const d = view.getUint32(at + 12, true)
  for (let slot = 0; slot < 2; slot++) {
    const k = slot * 4
    if (GUID_KEYS[k] === a && GUID_KEYS[k + 1] === b && GUID_KEYS[k + 2] === c) {
      if (GUID_KEYS[k + 3] === d) {
        recentGuid = slot

        return GUID_TEXTS[slot] ?? ''
      }
    }
  }

  const slot = 1 - recentGuid
  GUID_KEYS.set([a, b, c, d], slot * 4)
  const text = guidText(view, at)
  GUID_TEXTS[slot] = text
  recentGuid = slot

  return text
}

// -1 never equals a uint32, so the empty slots never match
const GUID_KEYS = new Float64Array([-1, -1, -1, -1, -1, -1, -1, -1])
const GUID_TEXTS = ['', '']
let recentGuid = 0

function guidText(view: DataView, at: number): string {
  const data1 = hex32Upper(view.getUint32(at, true))
  const data2 = hex16Upper(view.getUint16(at + 4, true))
  const data3 = hex16Upper(view.getUint16(at + 6, true))
  const data4 = hex16Upper(view.getUint16(at + 8, false))

  return `{${data1}-${data2}-${data3}-${data4}-${formatBinary(view, at + 10, at + 16)}}`
}

function hex16Upper(value: number): string {
  return hexByte(value >>> 8) + hexByte(value)
}

function hex32Upper(value: number): string {
  return hex16Upper(value >>> 16) + hex16Upper(value & 0xffff)
}

/** Bytes a SID at `at` occupies: 8 plus 4 per sub-authority. */
export function sidSize(view: DataView, at: number): number {
  return 8 + 4 * view.getUint8(at + 1)
}

/** `S-1-5-21-…`: revision, 48-bit big-endian authority (hex above 2^32), sub-authorities. */
export function formatSid(view: DataView, at: number): string {
  const count = view.getUint8(at + 1)
  const authorityHigh = view.getUint16(at + 2, false)
  const authorityLow = view.getUint32(at + 4, false)
  const authority =
    authorityHigh === 0
      ? String(authorityLow)
      : `0x${authorityHigh.toString(16).padStart(4, '0')}${authorityLow.toString(16).padStart(8, '0')}`
  let text = `S-${view.getUint8(at)}-${authority}`
  for (let i = 0; i < count; i++) text += `-${view.getUint32(at + 8 + 4 * i, true)}`

  return text
}

/** A FILETIME (100 ns ticks since 1601) as `YYYY-MM-DDTHH:MM:SS.fffffffZ`, exact to the tick. */
export function formatFiletime(lo: number, hi: number): string {
  let seconds: number
  let ticks: number
  if (hi < MAX_EXACT_HIGH_WORD) {
    const low = hi * TWO_32_REMAINDER + lo
    seconds = hi * TWO_32_SECONDS + Math.floor(low / 10_000_000)
    ticks = low % 10_000_000
  } else {
    const all = (BigInt(hi) << 32n) | BigInt(lo)
    seconds = Number(all / 10_000_000n)
    ticks = Number(all % 10_000_000n)
  }

  return `${secondText(seconds)}.${String(ticks).padStart(7, '0')}Z`
}

function secondText(secondsSince1601: number): string {
  if (secondsSince1601 === cachedSeconds[0]) return cachedTexts[0] ?? ''
  if (secondsSince1601 === cachedSeconds[1]) return cachedTexts[1] ?? ''

  const seconds = secondsSince1601 - EPOCH_DIFFERENCE_SECONDS
  const days = Math.floor(seconds / 86_400)
  const inDay = seconds - days * 86_400
  const time = `${two(Math.floor(inDay / 3600))}:${two(Math.floor(inDay / 60) % 60)}:${two(inDay % 60)}`
  const text = `${civilDate(days)}T${time}`
  cachedSeconds[nextSlot] = secondsSince1601
  cachedTexts[nextSlot] = text
  nextSlot = 1 - nextSlot

  return text
}

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}

// the proleptic Gregorian date of a day count from 1970-01-01, by 400-year eras of 146,097 days
// whose years start on March 1st (so that the leap day ends a year)
function civilDate(daysSince1970: number): string {
  const days = daysSince1970 + 719_468
  const era = Math.floor(days / 146_097)
  const dayOfEra = days - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`
}

/** A SYSTEMTIME (8 × u16) as `YYYY-MM-DDTHH:MM:SS.mmmZ`; the day of week (field 2) is ignored. */
export function formatSystemtime(view: DataView, at: number): string {
  const date = `${field(view, at, 0, 4)}-${field(view, at, 1, 2)}-${field(view, at, 3, 2)}`
  const time = `${field(view, at, 4, 2)}:${field(view, at, 5, 2)}:${field(view, at, 6, 2)}`

  return `${date}T${time}.${field(view, at, 7, 3)}Z`
}

function field(view: DataView, at: number, index: number, width: number): string {
  return String(view.getUint16(at + 2 * index, true)).padStart(width, '0')
}

/** The shortest decimal that reads back as the same 32-bit float. */
export function formatReal32(value: number): string {
  if (!Number.isFinite(value)) return String(value)

  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits))
    if (Math.fround(candidate) === value) return String(candidate)
  }

  return String(Number(value.toPrecision(9)))
}
