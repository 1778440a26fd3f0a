import { mapWindowsEvent } from '../../sources/index.ts'
import type { WindowsRecordItem } from '../../sources/index.ts'

/** One ECS NDJSON line for a Windows event record. */
export function toEcsLine(item: Extract<WindowsRecordItem, { kind: 'record' }>): string {
  return `${JSON.stringify(mapWindowsEvent(item.event, { filePath: item.file }))}\n`
}
