import type { XmlElement } from '../xml/element.ts'
import { childElements, ownText } from '../xml/element.ts'
import { parseEventXmlText } from '../xml/parse.ts'

type Fields = Record<string, unknown>

/** Trigger element (lower case) → its type, in the order triggers are listed. */
const TRIGGER_TYPES: readonly (readonly [string, string])[] = [
  ['boottrigger', 'boot'],
  ['wnfstatechangetrigger', 'wnf_state_change'],
  ['timetrigger', 'time'],
  ['calendartrigger', 'calendar'],
  ['logontrigger', 'logon'],
  ['registrationtrigger', 'registration'],
  ['sessionstatechangetrigger', 'session_state_change'],
  ['eventtrigger', 'event'],
  ['idletrigger', 'idle'],
]

/** Action element (lower case) → its type, in the order actions are listed. */
const ACTION_TYPES: readonly (readonly [string, string])[] = [
  ['exec', 'exec'],
  ['comhandler', 'com_handler'],
]

const TRIGGER_DEFINITION = ['type', 'enabled', 'interval', 'duration', 'stop_at_duration_end']
const ACTION_DEFINITION = [
  'type',
  'context',
  'command',
  'arguments',
  'working_directory',
  'class_id',
]
const XML_DECLARATION_RE = /^\s*<\?xml[^>]*\?>/

/**
 * The `winlog.scheduled_task` fields of a scheduled task's XML (the TaskContent of 4698 to 4701,
 * TaskContentNew of 4702), as the Security pipeline's scheduled task step normalises it: the
 * URI, principals, the Enabled and Hidden settings, the triggers and the actions, each trigger
 * and action with a one-line `definition`. Undefined when the XML does not parse or holds none
 * of these.
 */
export function scheduledTaskOf(content: string): Fields | undefined {
  const task = taskElement(content)
  if (task === undefined) return undefined

  const normalized: Fields = {}
  const uri = textOf(first(task, 'registrationinfo'), 'uri')
  if (uri !== undefined) normalized.uri = uri
  const principals = principalsOf(task)
  if (principals.length > 0) normalized.principals = principals
  const settings = settingsOf(first(task, 'settings'))
  if (settings !== undefined) normalized.settings = settings
  const triggers = triggersOf(first(task, 'triggers'))
  if (triggers.length > 0) normalized.triggers = triggers
  const actions = actionsOf(first(task, 'actions'))
  if (actions.length > 0) normalized.actions = actions

  return Object.keys(normalized).length > 0 ? normalized : undefined
}

// the <Task> element (or the root, whatever its name), through the event XML parser
function taskElement(content: string): XmlElement | undefined {
  const body = content.replace(XML_DECLARATION_RE, '')
  const items = [...parseEventXmlText(`<Event>${body}</Event>`, 'TaskContent')]
  const [item] = items
  if (items.length !== 1 || item?.kind !== 'event') return undefined

  const roots = childElements(item.event)

  return roots.length === 1 ? roots[0] : undefined
}

function principalsOf(task: XmlElement): Fields[] {
  const principals: Fields[] = []
  for (const block of children(first(task, 'principals'), 'principal')) {
    if (!isMap(block)) continue

    const principal: Fields = {}
    const id = attribute(block, 'id')
    if (id !== undefined) principal.id = id
    const user = textOf(block, 'userid')
    if (user !== undefined) principal.user = { identifier: user }
    const group = textOf(block, 'groupid')
    if (group !== undefined) principal.group = { identifier: group }
    const logon = textOf(block, 'logontype')
    if (logon !== undefined) principal.logon = { type: logon }
    const runLevel = textOf(block, 'runlevel')
    if (runLevel !== undefined) principal.run_level = runLevel
    if (Object.keys(principal).length > 0) principals.push(principal)
  }

  return principals
}

function settingsOf(block: XmlElement | undefined): Fields | undefined {
  if (block === undefined || !isMap(block)) return undefined

  const settings: Fields = {}
  const enabled = boolOf(first(block, 'enabled'))
  if (enabled !== undefined) settings.enabled = enabled
  const hidden = boolOf(first(block, 'hidden'))
  if (hidden !== undefined) settings.hidden = hidden

  return Object.keys(settings).length > 0 ? settings : undefined
}

function triggersOf(block: XmlElement | undefined): Fields[] {
  if (block === undefined || !isMap(block)) return []

  const triggers: Fields[] = []
  for (const [name, type] of TRIGGER_TYPES) {
    for (const element of children(block, name)) {
      // an empty element is a trigger with its defaults; text alone is no trigger
      if (!isMap(element) && textIn(element) !== undefined) continue

      triggers.push(triggerOf(element, type))
    }
  }

  return triggers
}

function triggerOf(element: XmlElement, type: string): Fields {
  const trigger: Fields = { type }
  const enabledElement = isMap(element) ? first(element, 'enabled') : undefined
  // Task Scheduler takes a trigger without <Enabled> as enabled
  const enabled = enabledElement === undefined ? true : boolOf(enabledElement)
  if (enabled !== undefined) trigger.enabled = enabled

  const repetition = isMap(element) ? repetitionOf(first(element, 'repetition')) : undefined
  if (repetition !== undefined) trigger.repetition = repetition
  trigger.definition = definitionOf({ ...trigger, ...repetition }, TRIGGER_DEFINITION)

  return trigger
}

function repetitionOf(block: XmlElement | undefined): Fields | undefined {
  if (block === undefined || !isMap(block)) return undefined

  const repetition: Fields = {}
  const interval = textOf(block, 'interval')
  if (interval !== undefined) repetition.interval = interval
  const duration = textOf(block, 'duration')
  if (duration !== undefined) repetition.duration = duration
  const stop = boolOf(first(block, 'stopatdurationend'))
  if (stop !== undefined) repetition.stop_at_duration_end = stop

  return Object.keys(repetition).length > 0 ? repetition : undefined
}

function actionsOf(block: XmlElement | undefined): Fields[] {
  if (block === undefined || !isMap(block)) return []

  const context = attribute(block, 'context') ?? textOf(block, 'context')
  const actions: Fields[] = []
  for (const [name, type] of ACTION_TYPES) {
    for (const element of children(block, name)) {
      if (!isMap(element)) continue

      const action: Fields = { type }
      if (context !== undefined) action.context = context
      const fields: (readonly [string, string])[] =
        type === 'exec'
          ? [
              ['command', 'command'],
              ['arguments', 'arguments'],
              ['working_directory', 'workingdirectory'],
            ]
          : [['class_id', 'classid']]
      for (const [to, from] of fields) {
        const value = textOf(element, from)
        if (value !== undefined) action[to] = value
      }
      action.definition = definitionOf(action, ACTION_DEFINITION)
      actions.push(action)
    }
  }

  return actions
}

// `v=1|key=value|…` over every key, values escaped (%, |, =, control characters as %XX)
function definitionOf(values: Fields, keys: readonly string[]): string {
  let definition = 'v=1'
  for (const key of keys) {
    const value = values[key]
    definition += `|${key}=`
    if (typeof value === 'string' || typeof value === 'boolean')
      definition += escapeDefinition(String(value))
  }

  return definition
}

function escapeDefinition(value: string): string {
  let escaped = ''
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    const isEscaped = code === 37 || code === 124 || code === 61 || code < 32 || code === 127
    escaped += isEscaped ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : value.charAt(i)
  }

  return escaped
}

// an element the agent's XML decoding makes an object of: one with attributes or child elements
function isMap(element: XmlElement): boolean {
  return Object.keys(element.attributes).length > 0 || childElements(element).length > 0
}

function boolOf(element: XmlElement | undefined): boolean | undefined {
  const value = element === undefined ? undefined : textIn(element)?.toLowerCase()
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false

  return undefined
}

function textOf(parent: XmlElement | undefined, name: string): string | undefined {
  const element = parent === undefined ? undefined : first(parent, name)

  return element === undefined ? undefined : textIn(element)
}

// the element's own text, undefined when empty (as the agent's decoding gives no value)
function textIn(element: XmlElement): string | undefined {
  const text = ownText(element)

  return text === '' ? undefined : text
}

function attribute(element: XmlElement, name: string): string | undefined {
  for (const [key, value] of Object.entries(element.attributes))
    if (key.toLowerCase() === name && value !== '') return value

  return undefined
}

function first(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return children(parent, name)[0]
}

function children(parent: XmlElement | undefined, name: string): XmlElement[] {
  return parent === undefined
    ? []
    : childElements(parent).filter((e) => e.name.toLowerCase() === name)
}
