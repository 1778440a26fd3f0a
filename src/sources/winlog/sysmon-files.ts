import { child, isEmpty, rename, take, text } from './doc.ts'
import { parseHashesShared } from './hashes.ts'
import { setFileParts } from './paths.ts'
import { FILE_HASH_CODES, PROCESS_HASH_CODES } from './sysmon-table.ts'
import type { EcsDocument } from './types.ts'

type Data = Record<string, unknown>

const PE_FIELDS: readonly (readonly [string, string])[] = [
  ['Company', 'company'],
  ['Description', 'description'],
  ['FileVersion', 'file_version'],
  ['Product', 'product'],
]

/** Hashes → `process.hash.*` (1, 23, 24, 25) or `file.hash.*` (6, 7, 15, 26, 29), plus related.hash. */
export function mapSysmonHashes(doc: EcsDocument, data: Data, code: string): void {
  if (data.Hashes === undefined && text(data, 'Hash') !== undefined) data.Hashes = data.Hash
  const value = text(data, 'Hashes')
  const parsed = value === undefined ? undefined : parseHashesShared(value)
  if (parsed === undefined) return
  // the script replaces related wholesale; nothing else has been added to it yet
  if (parsed.order.length > 0) doc.related = { hash: [...parsed.order] }
  const owner = PROCESS_HASH_CODES.has(code) ? 'process' : FILE_HASH_CODES.has(code) ? 'file' : ''
  if (owner === '') return
  const { imphash, ...rest } = parsed.hashes
  const target = child(doc, owner)
  target.hash = rest
  if (imphash !== undefined) child(target, 'pe').imphash = imphash
}

/** The portable-executable fields of the process (every event but 7). */
export function mapProcessPe(doc: EcsDocument, data: Data, code: string): void {
  if (code === '7') return
  const process = child(doc, 'process')
  const original = take(data, 'OriginalFileName')
  if (original !== undefined) child(process, 'pe').original_file_name = original
  copyPe(data, process)
  if (isEmpty(process)) Reflect.deleteProperty(doc, 'process')
}

function copyPe(data: Data, owner: Record<string, unknown>): void {
  for (const [from, to] of PE_FIELDS) {
    const value = text(data, from)
    if (value !== undefined) child(owner, 'pe')[to] = value
  }
}

/** `file.*` from TargetFilename, Device, PipeName or ImageLoaded, with code signature and PE. */
export function mapSysmonFile(doc: EcsDocument, data: Data, code: string): void {
  // outside event 7 nothing else lands in the document meanwhile, so a new `file` can be attached
  // at the end, and only when filled: adding it empty and deleting it would leave the document in
  // V8's slow dictionary mode for JSON.stringify
  const isDetached = code !== '7' && doc.file === undefined
  const file = isDetached ? {} : child(doc, 'file')
  rename(data, 'TargetFilename', file, 'path')
  rename(data, 'Device', file, 'path')
  rename(data, 'PipeName', file, 'name')
  rename(data, 'ImageLoaded', file, 'path')
  mapSignature(data, file)
  if (code === '7') {
    const original = take(data, 'OriginalFileName')
    if (original !== undefined) child(file, 'pe').original_file_name = original
    copyPe(data, file)
  }
  const path = text(file, 'path')
  if (path !== undefined) setFileParts(file, path)
  if (code === '7') mapLibrary(doc, data, file)
  if (isDetached) {
    if (!isEmpty(file)) doc.file = file
  } else if (isEmpty(file)) {
    Reflect.deleteProperty(doc, 'file')
  }
}

function mapSignature(data: Data, file: Record<string, unknown>): void {
  const subject = text(data, 'Signature')
  const status = text(data, 'SignatureStatus')
  const signed = text(data, 'Signed')
  if (subject !== undefined) child(file, 'code_signature').subject_name = subject
  if (status !== undefined) child(file, 'code_signature').status = status
  if (signed === 'true' || signed === 'false')
    child(file, 'code_signature').signed = signed === 'true'
  if (status === 'Valid') child(file, 'code_signature').valid = true
  if (status !== undefined || signed !== undefined) {
    child(file, 'code_signature').trusted = status === 'Valid'
  }
}

/**
 * Event 7 also describes the loaded image as `dll.*` (current pipeline): name, path, hashes, the
 * imphash and original file name, and the signature, where a non-boolean `Signed` (for example
 * `failed: Invalid hash`) stands in for a missing SignatureStatus.
 */
function mapLibrary(doc: EcsDocument, data: Data, file: Record<string, unknown>): void {
  const dll: Record<string, unknown> = {}
  for (const key of ['name', 'path', 'hash']) if (file[key] !== undefined) dll[key] = file[key]
  const pe = file.pe as Record<string, unknown> | undefined
  const dllPe: Record<string, unknown> = {}
  if (pe?.imphash !== undefined) dllPe.imphash = pe.imphash
  if (pe?.original_file_name !== undefined) dllPe.original_file_name = pe.original_file_name
  if (!isEmpty(dllPe)) dll.pe = dllPe
  const signature = librarySignature(data)
  if (!isEmpty(signature)) dll.code_signature = signature
  if (!isEmpty(dll)) doc.dll = dll
}

function librarySignature(data: Data): Record<string, unknown> {
  const signature: Record<string, unknown> = {}
  const subject = text(data, 'Signature')
  const status = text(data, 'SignatureStatus')
  const signed = text(data, 'Signed')
  if (subject !== undefined) signature.subject_name = subject
  if (signed === 'true' || signed === 'false') signature.signed = signed === 'true'
  const shownStatus = status ?? (signed === 'true' || signed === 'false' ? undefined : signed)
  if (shownStatus !== undefined) signature.status = shownStatus
  if (status === 'Valid') signature.trusted = true

  return signature
}
