/** One ECS NDJSON line for a mapped Windows event record. */
export function toEcsLine(item: { readonly doc: Readonly<Record<string, unknown>> }): string {
  return `${JSON.stringify(item.doc)}\n`
}

/** The output line of a converted record: its event XML, or its ECS document as JSON. */
export function toOutputLine(
  item: { readonly xml: string } | { readonly doc: Readonly<Record<string, unknown>> },
): string {
  return 'xml' in item ? `${item.xml}\n` : toEcsLine(item)
}
