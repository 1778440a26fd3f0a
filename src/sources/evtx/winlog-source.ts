import {
  addDataChildren,
  addDataNode,
  addSystemNode,
  emptyWinlogSource,
  winlogSourceOf,
} from '../winlog/source.ts'
import type { WinlogSource } from '../winlog/source.ts'
import { expansionOf, spend, valueText } from './instantiate.ts'
import type { NestedReader } from './instantiate.ts'
import type { TemplateElement } from './template.ts'
import type { ValueTable } from './value-table.ts'
import { TYPE_BINXML, TYPE_NULL } from './value-types.ts'
import {
  TreeNeeded,
  build,
  check,
  checkAttributes,
  firstElement,
  flatText,
  nestedElements,
  openContainer,
  openFlat,
  pick,
} from './winlog-open.ts'
import { dataPlans, systemPlans } from './winlog-plan.ts'
import type { ValuePlan } from './winlog-plan.ts'

// the winlog source of a template instance, read straight from the compiled template and its
// values: the same elements, removals, values and element budget as `instantiate`, without
// building the `<System>` and `<EventData>` trees, also when they come in a BinXml value at the
// root. Every value the tree would render is rendered here too, so a record fails here whenever
// it fails there; a repeated or removed root or a repeated `<System>` or `<EventData>`, where the
// tree alone says which element comes first, throws TreeNeeded and the caller builds the tree

/**
 * The {@link WinlogSource} of the element `instantiate` would build for `root` and `values`;
 * throws {@link TreeNeeded} (or the error the tree would meet) when the caller must build it.
 */
export function walkWinlogSource(
  root: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): WinlogSource {
  spend(reader.ctx)
  if (root.fixed !== undefined) return winlogSourceOf(root.fixed)
  if (expansionOf(root, values, reader) !== undefined) throw new TreeNeeded()

  checkAttributes(root, values, reader)
  const source = emptyWinlogSource()
  const seen = { eventData: false }
  for (const item of root.content) {
    if (typeof item === 'string') continue

    if (item.kind === 'element') walkEventChild(source, seen, item, values, reader)
    else walkEventValue(source, seen, item.index, values, reader)
  }

  return source
}

// a value in the root's content: the elements of a BinXml value are children of the root
function walkEventValue(
  source: WinlogSource,
  seen: { eventData: boolean },
  index: number,
  values: ValueTable,
  reader: NestedReader,
): void {
  const type = values.typeOf(index)
  if (type === TYPE_NULL) return
  if (type !== TYPE_BINXML) {
    valueText(values, index, type, reader)

    return
  }

  reader.visitNested(values, index, (element, nested) => {
    walkEventChild(source, seen, element, nested, reader)
  })
}

function walkEventChild(
  source: WinlogSource,
  seen: { eventData: boolean },
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): void {
  const { name } = element
  if (name === 'System' && !source.hasSystem) {
    walkSystem(source, element, values, reader)
  } else if (name === 'EventData' && !seen.eventData) {
    seen.eventData = walkEventData(source, element, values, reader)
  } else if (name === 'UserData' && source.userData === undefined) {
    source.userData = firstElement(build(element, values, reader))
  } else if (name === 'RenderingInfo' && source.rendering === undefined) {
    source.rendering = firstElement(build(element, values, reader))
  } else {
    build(element, values, reader)
  }
}

function walkSystem(
  source: WinlogSource,
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): void {
  const tree = openContainer(element, values, reader)
  if (tree === null) return

  source.hasSystem = true
  if (tree !== undefined) {
    for (const node of tree.children) if (typeof node !== 'string') addSystemNode(source, node)

    return
  }

  const { content } = element
  const plans = systemPlans(element)
  for (let i = 0; i < content.length; i++) {
    const item = content[i] ?? ''
    const plan = plans[i]
    if (plan !== undefined) walkSystemChild(source, plan, values, reader)
    else if (typeof item !== 'string' && item.kind === 'substitution') {
      for (const node of nestedElements(item.index, values, reader)) addSystemNode(source, node)
    }
  }
}

function walkSystemChild(
  source: WinlogSource,
  plan: ValuePlan,
  values: ValueTable,
  reader: NestedReader,
): void {
  const { element, kind, picks } = plan
  if (kind < 0) {
    build(element, values, reader)

    return
  }

  const flat = openFlat(plan, values, reader)
  if (flat === null) return
  if (flat !== undefined) {
    for (const node of flat) addSystemNode(source, node)

    return
  }

  source.systemKinds.push(kind)
  if (picks.length === 0) {
    check(plan, values, reader)
    source.systemValues.push(flatText(element, values, reader).trim())

    return
  }

  for (const attribute of picks) source.systemValues.push(pick(attribute, values, reader))
  // the other attributes and the content are rendered for what they may throw
  check(plan, values, reader)
  flatText(element, values, reader)
}

function walkEventData(
  source: WinlogSource,
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): boolean {
  const tree = openContainer(element, values, reader)
  if (tree === null) return false
  if (tree !== undefined) {
    addDataChildren(source.eventData, tree)

    return true
  }

  const { content } = element
  const plans = dataPlans(element)
  for (let i = 0; i < content.length; i++) {
    const item = content[i] ?? ''
    const plan = plans[i]
    if (plan !== undefined) walkDataChild(source.eventData, plan, values, reader)
    else if (typeof item !== 'string' && item.kind === 'substitution') {
      for (const node of nestedElements(item.index, values, reader)) {
        addDataNode(source.eventData, node)
      }
    }
  }

  return true
}

function walkDataChild(
  pairs: string[],
  plan: ValuePlan,
  values: ValueTable,
  reader: NestedReader,
): void {
  const flat = openFlat(plan, values, reader)
  if (flat === null) return
  if (flat !== undefined) {
    for (const node of flat) addDataNode(pairs, node)

    return
  }

  const { element } = plan
  const name = pick(plan.picks[0], values, reader)
  check(plan, values, reader)
  pairs.push(name || element.name, flatText(element, values, reader))
}
