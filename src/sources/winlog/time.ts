const SYSTEM_TIME_RE =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/
const SYSMON_TIME_RE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{3})$/

/**
 * An ECS timestamp (`2020-10-28T02:39:26.388Z`, milliseconds, UTC) from `TimeCreated/@SystemTime`
 * as Windows (7 or 9 fractional digits), evtxexport or python-evtx (space, no zone) render it.
 * Digits below the millisecond are cut, as Elasticsearch's date parsing does.
 */
export function ecsTimestamp(systemTime: string | undefined): string | undefined {
  if (systemTime === undefined) return undefined
  if (isPlainUtc(systemTime)) {
    // Windows' own shape (a `T`, 7 fraction digits) is already the ECS form up to the millisecond
    if (systemTime.charCodeAt(10) === 0x54 && systemTime.length >= 24)
      return `${systemTime.slice(0, 23)}Z`

    return `${systemTime.slice(0, 10)}T${systemTime.slice(11, 19)}.${millisOf(systemTime)}Z`
  }

  const m = SYSTEM_TIME_RE.exec(systemTime)
  if (m === null) return undefined
  const [, date, clock, fraction = '', zone = 'Z'] = m
  const millis = (fraction + '000').slice(0, 3)
  if (zone === 'Z' || zone === '+00:00' || zone === '+0000') return `${date}T${clock}.${millis}Z`
  const parsed = Date.parse(`${date}T${clock}.${millis}${zone}`)

  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString()
}

/** An ECS timestamp from Sysmon's `UtcTime` (`2019-07-18 03:34:01.239`, UTC). */
export function sysmonTimestamp(utcTime: string | undefined): string | undefined {
  const m = utcTime === undefined ? null : SYSMON_TIME_RE.exec(utcTime)

  return m === null ? undefined : `${m[1] ?? ''}T${m[2] ?? ''}.${m[3] ?? ''}Z`
}

// the shape Windows writes, `YYYY-MM-DD[T ]HH:MM:SS.f…fZ` with 1 to 9 fraction digits, checked
// character by character: the same strings SYSTEM_TIME_RE accepts with a `Z` zone, without
// building a match array per record
const PLAIN_UTC_MASK = 'dddd-dd-dd?dd:dd:dd.'

function isPlainUtc(text: string): boolean {
  const { length } = text
  if (length < 22 || length > 30 || text.charCodeAt(length - 1) !== 0x5a) return false

  for (let i = 0; i < PLAIN_UTC_MASK.length; i++) {
    const c = text.charCodeAt(i)
    const want = PLAIN_UTC_MASK.charCodeAt(i)
    const isDigit = c >= 0x30 && c <= 0x39
    if (want === 0x64 ? !isDigit : want === 0x3f ? c !== 0x54 && c !== 0x20 : c !== want) {
      return false
    }
  }

  for (let i = PLAIN_UTC_MASK.length; i < length - 1; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }

  return true
}

function millisOf(text: string): string {
  const fraction = text.slice(20, text.length - 1)

  return fraction.length >= 3 ? fraction.slice(0, 3) : (fraction + '000').slice(0, 3)
}
