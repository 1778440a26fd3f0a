/** The output line of a converted record, without its newline: event XML, or ECS as JSON. */
export function toOutputText(
  item: { readonly xml: string } | { readonly doc: Readonly<Record<string, unknown>> },
): string {
  return 'xml' in item ? item.xml : JSON.stringify(item.doc)
}
