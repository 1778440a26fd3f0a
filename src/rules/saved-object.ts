import { isRawObject } from './field-reader.ts'
import type { FieldPath, RawObject } from './field-reader.ts'

/** A rule saved object turned into API shape, and how to find an API path in the original. */
export interface SavedObjectRule {
  readonly rule: RawObject
  readonly mapPath: (path: FieldPath) => FieldPath
}

// the alerting framework keeps these on the saved object itself; the rest lives in camelCase params
const ATTRIBUTE_FIELDS: Readonly<Record<string, FieldPath>> = {
  name: ['attributes', 'name'],
  tags: ['attributes', 'tags'],
  enabled: ['attributes', 'enabled'],
  interval: ['attributes', 'schedule', 'interval'],
}

const NESTED_CAMEL: Readonly<Record<string, readonly string[]>> = {
  alert_suppression: ['groupBy', 'missingFieldsStrategy'],
}

/** Whether a line is a Kibana saved object of type `alert` (a rule from a saved-objects export). */
export function isSavedObject(value: RawObject): boolean {
  const attributes = value.attributes

  return value.type === 'alert' && isRawObject(attributes) && isRawObject(attributes.params)
}

/** Converts a rule saved object (`attributes.params` in camelCase) into the API's snake_case shape. */
export function fromSavedObject(value: RawObject): SavedObjectRule {
  const attributes = value.attributes as RawObject
  const params = attributes.params as RawObject
  const rule: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(params))
    rule[toSnake(key)] = convertNested(toSnake(key), field)

  const schedule = isRawObject(attributes.schedule) ? attributes.schedule : {}
  const fromAttributes = {
    name: attributes.name,
    tags: attributes.tags,
    enabled: attributes.enabled,
    interval: schedule.interval,
  }
  for (const [key, field] of Object.entries(fromAttributes))
    if (field !== undefined) rule[key] = field

  return { rule, mapPath: (path) => mapPath(path) }
}

function mapPath(path: FieldPath): FieldPath {
  const [first, ...rest] = path
  if (typeof first !== 'string') return ['attributes', 'params', ...path]

  const attribute = ATTRIBUTE_FIELDS[first]

  return attribute === undefined
    ? ['attributes', 'params', toCamel(first), ...rest]
    : [...attribute, ...rest]
}

function convertNested(key: string, value: unknown): unknown {
  const camelKeys = NESTED_CAMEL[key]
  if (camelKeys === undefined || !isRawObject(value)) return value

  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[camelKeys.includes(k) ? toSnake(k) : k] = v

  return out
}

function toSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

function toCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}
