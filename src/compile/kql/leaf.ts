import type { KqlDiagnosticCode, KqlLiteral } from '../../kql/index.ts'
import { isLoneWildcard, isWildcardLiteral } from '../../kql/index.ts'
import type { Predicate } from '../plan.ts'
import { analyze } from './analysis.ts'
import { parseDateInterval } from './dates.ts'
import {
  parseNumber,
  toIndexedBoolean,
  toIndexedDate,
  toIndexedIp,
  toIndexedNumber,
  toIndexedString,
} from './indexed.ts'
import type { FieldReader } from './indexed.ts'
import { isInCidr, parseCidr, parseIp } from './ip.ts'
import { compileGlob } from './glob.ts'
import { buildQueryString } from './query-string.ts'
import { anyIndexed, anyString, anyTokens, NEVER } from './any.ts'

/**
 * One `field:value` clause on one resolved field, following the decision list T3: lone wildcard
 * → exists; wildcard → `wildcard` (keyword) or `query_string` (everything else); date → the
 * interval; keyword → term; otherwise `match` / `match_phrase` as the field type reads them.
 */

/** A clause that Elasticsearch would reject: the rule run fails (doc §6.5). */
export interface LeafError {
  readonly code: KqlDiagnosticCode
  readonly message: string
}

/** A compiled clause or the reason it cannot run. */
export type Leaf = Predicate | LeafError

/** Whether a built clause is an error. */
export function isLeafError(leaf: Leaf): leaf is LeafError {
  return typeof leaf !== 'function'
}

/** Builds `field:value` for one field. */
export function buildIs(reader: FieldReader, literal: KqlLiteral, now: number): Leaf {
  if (literal.type === 'null') {
    return { code: 'ERR_KQL_NULL_VALUE', message: 'the literal "null" cannot be matched' }
  }

  if (isLoneWildcard(literal)) return buildExists(reader)
  if (isWildcardLiteral(literal)) return buildWildcard(reader, literal)

  return buildEquals(reader, literal, now)
}

/** Builds `field:*`: the field has at least one indexed value (M16). */
export function buildExists(reader: FieldReader): Predicate {
  const { kind } = reader.mapping
  switch (kind) {
    case 'keyword':
    case 'exact':
    case 'text':
      return anyIndexed(reader, (raw) => toIndexedString(raw, reader.mapping) !== null)
    case 'dynamic':
      // an unmapped name may be an object: exists then asks for any indexed sub-field
      return (event) =>
        reader.deepValues(event).some((raw) => toIndexedString(raw, reader.mapping) !== null)
    case 'ip':
      return anyIndexed(reader, (raw) => toIndexedIp(raw) !== null)
    case 'date':
      return anyIndexed(reader, (raw) => toIndexedDate(raw) !== null)
    case 'integer':
    case 'float':
    case 'double':
      return anyIndexed(reader, (raw) => toIndexedNumber(raw, kind) !== null)
    case 'boolean':
      return anyIndexed(reader, (raw) => toIndexedBoolean(raw) !== null)
    case 'flattened':
    case 'object':
    case 'nested':
    case 'unsearchable':
      return (event) => reader.values(event).length > 0
  }
}

function buildWildcard(reader: FieldReader, literal: KqlLiteral): Leaf {
  const { kind, isLowercase } = reader.mapping
  switch (kind) {
    case 'keyword':
    case 'dynamic': {
      const segments = isLowercase ? literal.segments.map((s) => s.toLowerCase()) : literal.segments
      const glob = compileGlob(segments)
      const isString = kind === 'dynamic' ? (raw: unknown) => typeof raw === 'string' : () => true

      return anyString(reader, (value, raw) => isString(raw) && glob(value))
    }
    case 'exact':
    case 'flattened':
    case 'text':
      return buildQueryString(reader, literal.segments)
    case 'ip':
    case 'date':
    case 'integer':
    case 'float':
    case 'double':
    case 'boolean':
      return {
        code: 'ERR_KQL_WILDCARD_UNSUPPORTED',
        message: `wildcard "${literal.text}" cannot be used on ${reader.mapping.name}, a field of type ${kind}`,
      }
    case 'object':
    case 'nested':
    case 'unsearchable':
      return NEVER
  }
}

function buildEquals(reader: FieldReader, literal: KqlLiteral, now: number): Leaf {
  const text = literal.text
  const { kind, name } = reader.mapping
  switch (kind) {
    case 'keyword':
    case 'exact':
    case 'flattened': {
      const lowered = text.toLowerCase()

      return reader.mapping.isLowercase
        ? anyString(reader, (value) => value === lowered)
        : buildTerm(reader, text)
    }
    case 'text':
      return literal.isQuoted ? buildPhrase(reader, text) : buildMatch(reader, text)
    case 'ip':
      return buildIp(reader, text)
    case 'date': {
      const interval = parseDateInterval(text, now)
      if (interval === null) return invalid('ERR_KQL_INVALID_DATE', text, name, 'a date')

      return anyIndexed(reader, (raw) => {
        const time = toIndexedDate(raw)

        return time !== null && time >= interval.start && time < interval.end
      })
    }
    case 'integer':
    case 'float':
    case 'double': {
      const parsed = parseNumber(text)
      if (parsed === null) return invalid('ERR_KQL_INVALID_NUMBER', text, name, 'a number')

      const wanted = kind === 'float' ? Math.fround(parsed) : parsed

      return anyIndexed(reader, (raw) => toIndexedNumber(raw, kind) === wanted)
    }
    case 'boolean': {
      if (text !== 'true' && text !== 'false')
        return invalid('ERR_KQL_INVALID_BOOLEAN', text, name, 'true or false')

      const wanted = text === 'true'

      return anyIndexed(reader, (raw) => toIndexedBoolean(raw) === wanted)
    }
    case 'dynamic':
      return buildDynamicEquals(reader, text)
    case 'object':
    case 'nested':
    case 'unsearchable':
      return NEVER
  }
}

// an unmapped field is mapped by the first value it sees: string → keyword, number → long or
// float, boolean → boolean; here each value answers as the type it would have created
function buildDynamicEquals(reader: FieldReader, text: string): Predicate {
  const number = parseNumber(text)
  const isBooleanText = text === 'true' || text === 'false'

  return anyIndexed(reader, (raw) => {
    if (typeof raw === 'string') return raw === text && raw.length <= reader.mapping.ignoreAbove
    if (typeof raw === 'number') {
      if (number === null) return false

      return Number.isInteger(raw) ? raw === number : Math.fround(raw) === Math.fround(number)
    }

    return typeof raw === 'boolean' && isBooleanText && String(raw) === text
  })
}

// the hottest clause of all (`event.category:process`): no normaliser, plain loop
function buildTerm(reader: FieldReader, wanted: string): Predicate {
  const limit = reader.mapping.ignoreAbove

  return (event) => {
    for (const raw of reader.values(event)) {
      if (typeof raw === 'string') {
        if (raw === wanted && raw.length <= limit) return true
      } else if ((typeof raw === 'number' || typeof raw === 'boolean') && String(raw) === wanted) {
        return true
      }
    }

    return false
  }
}

function buildMatch(reader: FieldReader, text: string): Predicate {
  const wanted = new Set(analyze(reader.mapping.analyzer, text))
  if (wanted.size === 0) return NEVER

  return anyTokens(reader, (tokens) => tokens.some((token) => wanted.has(token)))
}

function buildPhrase(reader: FieldReader, text: string): Predicate {
  const phrase = analyze(reader.mapping.analyzer, text)
  const [head] = phrase
  if (head === undefined) return NEVER

  return anyTokens(reader, (tokens) => {
    for (
      let i = tokens.indexOf(head);
      i !== -1 && i + phrase.length <= tokens.length;
      i = tokens.indexOf(head, i + 1)
    ) {
      if (phrase.every((token, k) => tokens[i + k] === token)) return true
    }

    return false
  })
}

function buildIp(reader: FieldReader, text: string): Leaf {
  const cidr = parseCidr(text)
  if (cidr !== null) {
    return anyIndexed(reader, (raw) => {
      const address = toIndexedIp(raw)

      return address !== null && isInCidr(address, cidr)
    })
  }

  const wanted = parseIp(text)
  if (wanted === null)
    return invalid('ERR_KQL_INVALID_IP', text, reader.mapping.name, 'an ip address or CIDR block')

  return anyIndexed(reader, (raw) => {
    const address = toIndexedIp(raw)

    return address !== null && address.every((byte, i) => byte === wanted[i])
  })
}

/** The error for a value its field type cannot parse. */
export function invalid(
  code: KqlDiagnosticCode,
  text: string,
  field: string,
  wanted: string,
): LeafError {
  return { code, message: `"${text}" on ${field} is not ${wanted}` }
}
