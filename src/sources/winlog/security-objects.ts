import { child, text } from './doc.ts'
import { translateSid, wellKnownSid } from './security-sids.ts'
import type { EcsDocument } from './types.ts'

type Data = Record<string, unknown>

// what newer versions of the Security pipeline do for object access, DPAPI, key storage, SID lists
// and remote identities, as the current pipeline and its test expectations show it; the codes
// with no place in the pipeline YAML are only those the expectations cover (docs/limitations.md)

/** Code → the event_data field that is `file.path`. */
const FILE_PATH_FIELDS: ReadonlyMap<string, string> = new Map([
  ['4659', 'ObjectName'],
  ['4664', 'FileName'],
])

/** Key storage codes: ProviderName is `event.provider`, ReturnCode gets an outcome. */
const KEY_STORAGE_CODES: ReadonlySet<string> = new Set(['5058', '5059', '5061'])

/** DPAPI codes whose FailureReason is renamed FailureReasons and gets an outcome. */
const DPAPI_CODES: ReadonlySet<string> = new Set(['4692', '4695'])

/** Codes whose SidList becomes a list, with its SIDs named in SidListDesc. */
const SID_LIST_CODES: ReadonlySet<string> = new Set(['4670', '4675', '4817', '4907', '4908'])

const SPACES_RE = /\s+/
const SID_WRAPPING_RE = /[%{} ]/g

/** Applies the object, key storage, SID list and remote identity steps to an event's data. */
export function mapSecurityObjects(doc: EcsDocument, data: Data, code: string): void {
  const pathField = FILE_PATH_FIELDS.get(code)
  const path = pathField === undefined ? undefined : text(data, pathField)
  if (path !== undefined) child(doc, 'file').path = path

  if (KEY_STORAGE_CODES.has(code)) mapKeyStorage(doc, data)
  if (SID_LIST_CODES.has(code)) listSids(data)
  describe(data, 'RemoteUserID', 'RemoteUserDescription')
  describe(data, 'RemoteMachineID', 'RemoteMachineDescription')
}

// the name of a well-known SID under `to`
function describe(data: Data, key: string, to: string): void {
  const sid = text(data, key)
  const name = sid === undefined ? undefined : wellKnownSid(sid)
  if (name !== undefined) data[to] = name
}

function mapKeyStorage(doc: EcsDocument, data: Data): void {
  const provider = text(data, 'ProviderName')
  if (provider !== undefined) child(doc, 'event').provider = provider

  const returned = text(data, 'ReturnCode')
  if (returned !== undefined) data.ReturnCodeOutcome = outcomeOf(returned)
}

/**
 * The DPAPI events' FailureReason, renamed FailureReasons with its outcome before the pipeline
 * decodes message references (so it gives no `winlog.logon.failure.reason`).
 */
export function renameDpapiFailure(data: Data, code: string): void {
  const reason = DPAPI_CODES.has(code) ? text(data, 'FailureReason') : undefined
  if (reason === undefined) return

  Reflect.deleteProperty(data, 'FailureReason')
  data.FailureReasons = reason
  data.FailureReasonsOutcome = outcomeOf(reason)
}

function listSids(data: Data): void {
  const list = text(data, 'SidList')
  if (list === undefined) return

  const sids = words(list)
  data.SidList = sids
  // a SID may be written `%{S-1-…}`: named without the `%`, braces and spaces
  const names = sids
    .map((sid) => translateSid(sid.replace(SID_WRAPPING_RE, '')))
    .filter((name) => name !== undefined)
  if (names.length > 0) data.SidListDesc = names
}

// a status word: zero is success
function outcomeOf(status: string): 'Success' | 'Failure' {
  return /^(0x)?0+$/i.test(status.trim()) ? 'Success' : 'Failure'
}

function words(value: string): string[] {
  return value.split(SPACES_RE).filter((word) => word !== '')
}
