import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { deserialize, serialize } from 'node:v8'
import type { EcsEvent } from '../ecs/index.ts'
import type { Rule } from '../rules/index.ts'
import { ruleResult } from './rule-result.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { KnownQueries, QueryFacts } from './query-part.ts'
import { queryKey } from './query-part.ts'
import { compiled, eqlRule, processEvent, queryRule, runHunt, TEST_NOW } from './test-support.ts'

/** Known queries in memory, kept as the rule cache keeps them (through `v8.serialize`). */
class MemoryKnown implements KnownQueries {
  readonly facts = new Map<string, QueryFacts>()
  asked = 0

  factsOf(key: string): QueryFacts | undefined {
    this.asked++
    const facts = this.facts.get(key)

    return facts === undefined ? undefined : (deserialize(serialize(facts)) as QueryFacts)
  }

  remember(key: string, facts: QueryFacts): void {
    this.facts.set(key, facts)
  }
}

const EVENTS: readonly EcsEvent[] = [
  processEvent('2026-11-30T10:00:00Z', { process: { name: 'cmd.exe', args: ['/c', 'whoami'] } }),
  processEvent('2026-11-30T10:00:01Z', { process: { name: 'powershell.exe' } }),
  processEvent('2026-11-30T10:00:02Z', { process: { name: 'CMD.EXE', parent: { name: 'w3wp' } } }),
  {
    '@timestamp': '2026-11-30T10:00:03Z',
    event: { category: ['network'] },
    destination: { port: 3389 },
    process: { name: 'cmd.exe' },
  },
  { '@timestamp': '2026-11-30T10:00:04Z', message: 'no category at all' },
]

const LINES = EVENTS.map((event) => JSON.stringify(event))

const CASES: readonly { readonly name: string; readonly rule: Rule }[] = [
  { name: 'an EQL query of one category', rule: eqlRule('process where process.name : "cmd.exe"') },
  {
    name: 'an EQL query of any category',
    rule: eqlRule('any where process.parent.name == "w3wp" or destination.port == 3389'),
  },
  {
    name: 'an EQL query with event_category_override',
    rule: eqlRule('network where true', { event_category_override: 'event.category' }),
  },
  { name: 'a KQL query', rule: queryRule('event.category:process and process.name:cmd.exe') },
  { name: 'a KQL query of no category', rule: queryRule('destination.port >= 3000') },
]

// what a hunt reads from a compiled rule, as data
function shapeOf(rule: CompiledRule) {
  return {
    shape: rule.shape,
    categories: rule.categories,
    categoryField: rule.categoryField,
    indexKeys: rule.indexKeys,
    conjunctions: rule.lineNeeds?.conjunctions ?? null,
    sequence: rule.sequence,
    matches: EVENTS.map((event) => rule.matches(event)),
    prefilter: LINES.map((line) => rule.prefilter?.(line) ?? null),
    unchecked: rule.lineNeeds?.passesUnchecked('\\u0041') ?? null,
  }
}

// an EQL plan without its closures
function planOutline(rule: CompiledRule) {
  const plan = rule.plan
  if (plan === null) return null

  return plan.kind === 'event' ? { category: plan.filter.category, pipes: plan.pipes } : plan.kind
}

describe('a known query compiles when first needed', () => {
  for (const { name, rule } of CASES) {
    test(`${name}: the known rule reads and matches as the compiled one`, () => {
      const known = new MemoryKnown()
      const first = compiled(rule, { known })
      assert.equal(known.facts.size, 1, 'a query that compiles is remembered')

      const later = compiled(rule, { known })
      assert.deepEqual(shapeOf(later), shapeOf(first))
      assert.deepEqual(planOutline(later), planOutline(first))
    })
  }

  // a query that no longer parses, known by the facts of one that compiles under its own key
  function plantedBroken(good: string, broken: string): CompiledRule {
    const known = new MemoryKnown()
    compiled(eqlRule(good), { known })
    const [facts] = known.facts.values()
    const rule = eqlRule(broken)
    known.facts.set(queryKey(rule, 'event.category'), facts as QueryFacts)

    return compiled(rule, { known })
  }

  test('a known query is not even parsed until an event reaches its rule', () => {
    const rule = plantedBroken(
      'process where process.name : "cmd.exe"',
      'process where process.name : ',
    )
    assert.deepEqual(rule.categories, ['process'])
    assert.throws(() => rule.matches(EVENTS[0] ?? {}), /the rule cache knew no longer compiles/)
  })

  test('a rule no event reaches compiles nothing, in a hunt and in its result', () => {
    const rule = plantedBroken(
      'network where destination.port == 3389',
      'network where destination.port == ',
    )

    const processes = EVENTS.slice(0, 3)
    assert.equal(runHunt([rule], processes).alerts.length, 0)
    const context = { mode: 'all', now: TEST_NOW, seen: { first: 0, last: 0 } } as const
    const result = ruleResult(rule, [], { ...context, laidOut: context.seen })
    assert.deepEqual([result.alerts, result.executions], [[], 1])
  })

  test('sequences and queries that fail are never remembered', () => {
    const known = new MemoryKnown()
    const sequence = eqlRule(
      'sequence by host.name [process where process.name == "a"] [process where true]',
    )
    assert.equal(compiled(sequence, { known }).shape, 'sequence')
    assert.throws(() => compiled(eqlRule('process where process.name : '), { known }))
    assert.throws(() => compiled(queryRule('destination.port >= "abc"'), { known }))
    assert.deepEqual([...known.facts.keys()], [])
    assert.equal(known.asked, 3)
  })

  test('the key holds everything compiling reads: language, category field, file and query', () => {
    const base = eqlRule('any where true')
    const keys = [
      queryKey(base, 'event.category'),
      queryKey(base, 'event.type'),
      queryKey(eqlRule('any where  true'), 'event.category'),
      queryKey(
        { ...base, provenance: { ...base.provenance, path: 'other.toml' } },
        'event.category',
      ),
      queryKey(queryRule('any where true'), 'event.category'),
    ]
    assert.equal(new Set(keys).size, keys.length)
  })
})
