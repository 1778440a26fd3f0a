import type { KqlLiteral, KqlRangeOperator } from '../../kql/index.ts'
import type { Predicate } from '../plan.ts'
import { compareUtf8 } from '../string-order.ts'
import { anyIndexed, anyString, anyTokens, NEVER } from './any.ts'
import { parseDateInterval } from './dates.ts'
import {
  parseNumber,
  toIndexedBoolean,
  toIndexedDate,
  toIndexedIp,
  toIndexedNumber,
} from './indexed.ts'
import type { FieldReader } from './indexed.ts'
import { compareIp, parseIp } from './ip.ts'
import { invalid } from './leaf.ts'
import type { Leaf } from './leaf.ts'

/**
 * `field < value` on one resolved field (T8): string fields compare UTF-8 byte order (M3),
 * numbers numerically (M14), ips by address, dates by the interval the bound denotes (M12, M13:
 * `gte`/`lt` use its start, `gt`/`lte` its end).
 */

const HOLDS: Record<KqlRangeOperator, (order: number) => boolean> = {
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
}

/** Builds a range clause for one field. */
export function buildRange(
  reader: FieldReader,
  operator: KqlRangeOperator,
  bound: KqlLiteral,
  now: number,
): Leaf {
  const holds = HOLDS[operator]
  const { kind, name, isLowercase } = reader.mapping
  const text = bound.text
  switch (kind) {
    case 'keyword':
    case 'exact':
    case 'flattened': {
      const wanted = isLowercase ? text.toLowerCase() : text

      return anyString(reader, (value) => holds(compareUtf8(value, wanted)))
    }
    case 'text':
      return anyTokens(reader, (tokens) => tokens.some((token) => holds(compareUtf8(token, text))))
    case 'integer':
    case 'float':
    case 'double':
      return numericRange(reader, text, holds)
    case 'date':
      return dateRange(reader, operator, text, now)
    case 'ip': {
      const wanted = parseIp(text)
      if (wanted === null) return invalid('ERR_KQL_INVALID_IP', text, name, 'an ip address')

      return anyIndexed(reader, (raw) => {
        const address = toIndexedIp(raw)

        return address !== null && holds(compareIp(address, wanted))
      })
    }
    case 'boolean': {
      if (text !== 'true' && text !== 'false')
        return invalid('ERR_KQL_INVALID_BOOLEAN', text, name, 'true or false')

      const wanted = text === 'true' ? 1 : 0

      return anyIndexed(reader, (raw) => {
        const value = toIndexedBoolean(raw)

        return value !== null && holds((value ? 1 : 0) - wanted)
      })
    }
    case 'dynamic':
      return dynamicRange(reader, text, holds)
    case 'object':
    case 'nested':
    case 'unsearchable':
      return NEVER
  }
}

function numericRange(reader: FieldReader, text: string, holds: (order: number) => boolean): Leaf {
  const { kind, name } = reader.mapping
  const parsed = parseNumber(text)
  if (parsed === null) return invalid('ERR_KQL_INVALID_NUMBER', text, name, 'a number')

  const wanted = kind === 'float' ? Math.fround(parsed) : parsed

  return anyIndexed(reader, (raw) => {
    const value = toIndexedNumber(raw, kind)

    return value !== null && holds(value - wanted)
  })
}

function dateRange(
  reader: FieldReader,
  operator: KqlRangeOperator,
  text: string,
  now: number,
): Leaf {
  const interval = parseDateInterval(text, now)
  if (interval === null) return invalid('ERR_KQL_INVALID_DATE', text, reader.mapping.name, 'a date')

  const test: Record<KqlRangeOperator, (time: number) => boolean> = {
    '>=': (time) => time >= interval.start,
    '>': (time) => time >= interval.end,
    '<': (time) => time < interval.start,
    '<=': (time) => time < interval.end,
  }
  const holds = test[operator]

  return anyIndexed(reader, (raw) => {
    const time = toIndexedDate(raw)

    return time !== null && holds(time)
  })
}

function dynamicRange(
  reader: FieldReader,
  text: string,
  holds: (order: number) => boolean,
): Predicate {
  const number = parseNumber(text)

  return anyIndexed(reader, (raw) => {
    if (typeof raw === 'string')
      return raw.length <= reader.mapping.ignoreAbove && holds(compareUtf8(raw, text))

    return typeof raw === 'number' && number !== null && holds(raw - number)
  })
}
