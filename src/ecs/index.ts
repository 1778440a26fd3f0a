/**
 * @module ecs
 * ECS field definitions and types (from the `@elastic/ecs` package) and dotted/nested field access.
 */
export type { EcsType, EcsFieldInfo } from './field-types.ts'
export { ecsField, ecsFieldType, ecsFieldNames } from './field-types.ts'
export type { JsonValue, EcsEvent } from './field-access.ts'
export { getFieldValues, getFieldValue, compileFieldAccessor } from './field-access.ts'
export type { ValueReader } from './value-reader.ts'
export { cacheReadsOf, compileValueReader, mayHoldRoot, topLevelKey } from './value-reader.ts'
export type { DateUnit, IsoDate, IsoDateSyntax } from './date.ts'
export {
  addDateUnits,
  DATE_UNIT_MS,
  floorToDateUnit,
  isoDateParser,
  isoZoneOffsetMs,
} from './date.ts'
