/** One ECS NDJSON line for a mapped Windows event record. */
export function toEcsLine(item: { readonly doc: Readonly<Record<string, unknown>> }): string {
  return `${JSON.stringify(item.doc)}\n`
}
