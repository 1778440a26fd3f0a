/**
 * @module sources/winlog
 * Windows events to ECS: the `winlog.*` fields Winlogbeat reads from an event, and the ECS
 * mapping Elastic's `windows` and `system` integrations derive for Sysmon, Security, PowerShell
 * and System events.
 */
export type { EcsDocument, Winlog, WinlogContext, WinlogProcess, WinlogRecord } from './types.ts'
export { mapWindowsEvent, mapWinlogSource } from './map.ts'
export { readWinlog, readWinlogSource, winlogFields } from './winlog-fields.ts'
export type { WinlogSource } from './source.ts'
export { winlogSourceOf } from './source.ts'
export { splitCommandLine, splitCommandLineSimple } from './command-line.ts'
export { ecsTimestamp } from './time.ts'
