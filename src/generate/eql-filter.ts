import type { EventFilter } from '../eql/index.ts'
import { getFieldValues } from '../ecs/index.ts'
import { eqlFormula } from './eql-atoms.ts'
import type { Formula } from './formula.ts'
import { allOf } from './formula.ts'

const OTHER_CATEGORY: Readonly<Record<string, string>> = { process: 'file' }

/** The formula of `category where condition`: the category is one more atom on its field. */
export function filterFormula(filter: EventFilter, categoryField: string): Formula {
  const condition = eqlFormula(filter.condition)
  const category = filter.category
  if (category === null) return condition

  const atom: Formula = {
    kind: 'atom',
    atom: {
      field: categoryField,
      text: `${category} where`,
      span: filter.span,
      test: (event) => getFieldValues(event, categoryField).includes(category),
      propose: (_c, wanted) => (wanted ? [category] : [OTHER_CATEGORY[category] ?? 'process']),
    },
  }

  return allOf([atom, condition])
}

/** Every field a formula's atoms write. */
export function fieldsOfFormula(formula: Formula, out = new Set<string>()): Set<string> {
  switch (formula.kind) {
    case 'and':
    case 'or':
      for (const item of formula.items) fieldsOfFormula(item, out)
      break
    case 'not':
      fieldsOfFormula(formula.item, out)
      break
    case 'atom':
      out.add(formula.atom.field)
      break
    case 'const':
      break
  }

  return out
}
