import { getFieldValues } from '../ecs/index.ts'
import type { AlertDocument } from '../detect/index.ts'

/** One field of an alert as display text: values joined with ", " (flattened keys first). */
export function alertText(document: AlertDocument, field: string): string {
  const direct = document[field]
  const values = direct === undefined ? getFieldValues(document, field) : [direct].flat()

  return values
    .filter((v) => v !== null && v !== undefined)
    .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    .join(', ')
}
