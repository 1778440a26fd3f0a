/**
 * @module generate
 * Generates ECS events from a rule's own query: events the query must match and near misses it
 * must not, by solving the condition as constraints on field values (EQL event queries,
 * sequences and samples; KQL). Used to check the matcher against the rule library and to
 * seed `vigil test --init`.
 */
export type { GenerateInput } from './generate.ts'
export { generateEvents } from './generate.ts'
export type { GenerateOptions, GeneratedCase, GeneratedCases } from './cases.ts'
export { GENERATE_DEFAULTS } from './cases.ts'
export type { QueryExample } from './example.ts'
export { exampleEvents } from './example.ts'
export { seedOf } from './random.ts'
