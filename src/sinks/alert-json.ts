/** Where Kibana's rule fields start; their values are shared by every alert of a rule. */
const RULE_PREFIX = 'kibana.alert.rule.'

/** Rule strings shorter than this are written afresh: looking them up costs about as much. */
const MIN_CACHED_TEXT = 64

/** Distinct rule strings kept; past it the cache starts over (it only saves work). */
const MAX_CACHED_TEXTS = 8192

/** The JSON text of rule objects (parameters, threat, tags...), by identity. */
const objectTexts = new WeakMap<object, string>()
/** The JSON text of long rule strings (note, description, setup). */
const stringTexts = new Map<string, string>()

/**
 * `JSON.stringify(document)` for an alert document, byte for byte, with the values of its
 * `kibana.alert.rule.*` fields written once per run: every alert of a rule carries the same
 * parameters, investigation guide and threat objects (about 17 KB of an alert's 20 in Elastic's
 * library), which alert building shares between alerts and never changes. Keys are written in
 * the document's own order and undefined values are left out, as JSON.stringify does.
 */
export function alertDocumentJson(document: Readonly<Record<string, unknown>>): string {
  let out = ''
  for (const key of Object.keys(document)) {
    const text = key.startsWith(RULE_PREFIX)
      ? ruleValueJson(document[key])
      : JSON.stringify(document[key])
    if (text === undefined) continue

    out += `${out === '' ? '{' : ','}${JSON.stringify(key)}:${text}`
  }

  return out === '' ? '{}' : `${out}}`
}

function ruleValueJson(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) {
    let text = objectTexts.get(value)
    if (text === undefined) {
      text = JSON.stringify(value)
      objectTexts.set(value, text)
    }

    return text
  }

  if (typeof value !== 'string' || value.length < MIN_CACHED_TEXT) return JSON.stringify(value)

  let text = stringTexts.get(value)
  if (text === undefined) {
    if (stringTexts.size >= MAX_CACHED_TEXTS) stringTexts.clear()
    text = JSON.stringify(value)
    stringTexts.set(value, text)
  }

  return text
}
