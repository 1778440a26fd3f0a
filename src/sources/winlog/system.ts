import type { EcsDocument, Winlog } from './types.ts'

/**
 * The System and Application channels, as the `system` integration's `system` and
 * `application` data streams store them. Their ingest pipelines only stamp `event.ingested`, so
 * a 7045 service install, a 7036/7040 service state change or a 104 log clear keeps its details
 * in `winlog.event_data` / `winlog.user_data` (ServiceName, ImagePath, AccountName, Channel…) and
 * carries no `event.category`: Elastic's rules for these events match on `event.code` and
 * `winlog.event_data.*`, and adding categories here would make rules fire that do not fire on
 * Elastic. Winlogbeat's numeric `record_id` is kept as it is.
 */
export function mapSystem(_doc: EcsDocument, winlog: Winlog): void {
  const data = winlog.event_data
  if (data === undefined) return
  // the System pipeline keeps every value; only Winlogbeat's own empty-value rule applied earlier
  if (Object.keys(data).length === 0) Reflect.deleteProperty(winlog, 'event_data')
}
