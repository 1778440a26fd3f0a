import { AUDIT_CATEGORY_NAMES } from './security-codes.ts'

/** Level names Winlogbeat falls back to without provider metadata (lower-cased for log.level). */
const LEVEL_NAMES: readonly string[] = [
  'information',
  'critical',
  'error',
  'warning',
  'information',
  'verbose',
]

/** The standard opcode names (winmeta.xml), used when the XML carries no RenderingInfo. */
const OPCODE_NAMES: readonly string[] = [
  'Info',
  'Start',
  'Stop',
  'DCStart',
  'DCStop',
  'Extension',
  'Reply',
  'Resume',
  'Suspend',
  'Send',
]

/** The standard keyword bits and their names, in ascending bit order. */
const KEYWORD_NAMES: readonly (readonly [bigint, string])[] = [
  [0x1000000000000n, 'Response Time'],
  [0x4000000000000n, 'WDI Diag'],
  [0x8000000000000n, 'SQM'],
  [0x10000000000000n, 'Audit Failure'],
  [0x20000000000000n, 'Audit Success'],
  [0x40000000000000n, 'Correlation Hint'],
  [0x80000000000000n, 'Classic'],
]

const AUDIT_FAILURE = 0x10000000000000n
const AUDIT_SUCCESS = 0x20000000000000n
const KEYWORDS_RE = /^(0[xX][0-9a-fA-F]{1,16}|[0-9]{1,20})$/

/**
 * Task and opcode names that live in provider manifests, for the providers Vigil maps. Offline
 * these are the only names known; other tasks stay unnamed (see docs/limitations.md).
 */
const PROVIDER_TASKS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'Microsoft-Windows-Security-Auditing': AUDIT_CATEGORY_NAMES,
  PowerShell: {
    '4': 'Engine Lifecycle',
    '6': 'Provider Lifecycle',
    '8': 'Pipeline Execution Details',
  },
  'Microsoft-Windows-PowerShell': { '2': 'Execute a Remote Command', '106': 'Executing Pipeline' },
}

const PROVIDER_OPCODES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'Microsoft-Windows-PowerShell': {
    '15': 'On create calls',
    '20': 'To be used when operation is just executing a method',
  },
}

/** The log.level name for a `<Level>` value. */
export function levelName(level: string | undefined): string | undefined {
  const index = level === undefined ? Number.NaN : Number(level)

  return Number.isInteger(index) ? LEVEL_NAMES[index] : undefined
}

const OPCODE_MAPS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  Object.entries(PROVIDER_OPCODES).map(([provider, names]) => [
    provider,
    new Map(Object.entries(names)),
  ]),
)

/** The opcode name for an `<Opcode>` value of a provider. */
export function opcodeName(provider: string | undefined, opcode: string): string | undefined {
  const named = provider === undefined ? undefined : OPCODE_MAPS.get(provider)?.get(opcode)
  if (named !== undefined) return named
  const index = Number(opcode)

  return Number.isInteger(index) ? OPCODE_NAMES[index] : undefined
}

// the tables as maps: their keys are numbers in text, which plain objects look up slowly as
// array indices
const TASK_MAPS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  Object.entries(PROVIDER_TASKS).map(([provider, names]) => [
    provider,
    new Map(Object.entries(names)),
  ]),
)

/** The task name for a `<Task>` value of a provider; task 0 is "None" everywhere. */
export function taskName(provider: string | undefined, task: string): string | undefined {
  if (task === '0') return 'None'

  return provider === undefined ? undefined : TASK_MAPS.get(provider)?.get(task)
}

/** Parses `<Keywords>` (hex with `0x`, or decimal) to its bits; undefined when malformed. */
export function keywordBits(keywords: string | undefined): bigint | undefined {
  if (keywords === undefined || !KEYWORDS_RE.test(keywords)) return undefined

  return BigInt(keywords)
}

/** The names of the standard keyword bits that are set. */
export function keywordNames(bits: bigint): string[] {
  const names: string[] = []
  for (const [bit, name] of KEYWORD_NAMES) if ((bits & bit) !== 0n) names.push(name)

  return names
}

/** `event.outcome` from the audit bits: failure wins over success. */
export function auditOutcome(bits: bigint): 'success' | 'failure' | undefined {
  if ((bits & AUDIT_FAILURE) !== 0n) return 'failure'

  return (bits & AUDIT_SUCCESS) !== 0n ? 'success' : undefined
}
