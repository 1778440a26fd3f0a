import { SYSTEM_ATTRIBUTES, SYSTEM_KINDS } from '../winlog/source.ts'
import type { TemplateAttribute, TemplateContent, TemplateElement } from './template.ts'

/**
 * How one child element of `<System>` or `<EventData>` is read into a winlog source, worked out
 * once per compiled template rather than per record.
 */
export interface ValuePlan {
  readonly element: TemplateElement
  /** The `SYSTEM_*` kind of a `<System>` child; -1 when the mapping does not read it. */
  readonly kind: number
  /**
   * One element whose content is empty or one value and whose attributes are plain: read flat.
   * Other shapes (fixed ones included) are instantiated as the tree would have them.
   */
  readonly isFlat: boolean
  /** By value slot, the attribute holding it (a `<System>` child), or the `Name` attribute (data). */
  readonly picks: readonly (TemplateAttribute | undefined)[]
  /** Attributes holding substitutions that are not picked: rendered for what they may throw. */
  readonly checks: readonly TemplateAttribute[]
}

/** The plans of a container's content, by content index (undefined where no element is). */
export type ContentPlans = readonly (ValuePlan | undefined)[]

// compiled templates are shared by every record of a file and dropped with it
const SYSTEM_PLANS = new WeakMap<TemplateElement, ContentPlans>()
const DATA_PLANS = new WeakMap<TemplateElement, ContentPlans>()
const NO_NAMES: readonly string[] = []
const NAME_ONLY: readonly string[] = ['Name']

/** The plans of the children of a compiled `<System>` element. */
export function systemPlans(system: TemplateElement): ContentPlans {
  let plans = SYSTEM_PLANS.get(system)
  if (plans === undefined) {
    plans = planContent(system.content, (element) => {
      const kind = SYSTEM_KINDS.get(element.name) ?? -1

      return planOf(element, kind, kind < 0 ? NO_NAMES : (SYSTEM_ATTRIBUTES[kind] ?? NO_NAMES))
    })
    SYSTEM_PLANS.set(system, plans)
  }

  return plans
}

/** The plans of the children of a compiled `<EventData>` element. */
export function dataPlans(eventData: TemplateElement): ContentPlans {
  let plans = DATA_PLANS.get(eventData)
  if (plans === undefined) {
    plans = planContent(eventData.content, (element) => planOf(element, -1, NAME_ONLY))
    DATA_PLANS.set(eventData, plans)
  }

  return plans
}

function planContent(
  content: readonly TemplateContent[],
  plan: (element: TemplateElement) => ValuePlan,
): ContentPlans {
  const plans: (ValuePlan | undefined)[] = []
  for (const item of content) {
    plans.push(typeof item !== 'string' && item.kind === 'element' ? plan(item) : undefined)
  }

  return plans
}

function planOf(element: TemplateElement, kind: number, names: readonly string[]): ValuePlan {
  const isFlat =
    element.fixed === undefined &&
    element.hasPlainAttributes &&
    (element.content.length === 0 || element.onlySubstitution !== undefined)
  // plain attributes have distinct names, so each name picks at most one
  const picks = names.map((name) => element.attributes.find((a) => a.name === name))
  const checks = element.attributes.filter((a) => a.text === undefined && !names.includes(a.name))

  return { element, kind, isFlat, picks, checks }
}
