/**
 * Lower-cases like Java's `String.toLowerCase(Locale.ROOT)`, which Elasticsearch uses for every
 * case-insensitive EQL operation: JavaScript's `toLowerCase` applies the same locale-independent
 * Unicode mapping (final sigma included).
 */
export function lowerRoot(text: string): string {
  return text.toLowerCase()
}
