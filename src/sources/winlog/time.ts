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
