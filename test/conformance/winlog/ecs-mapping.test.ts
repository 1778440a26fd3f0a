import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { mapWindowsEvent } from '../../../src/sources/winlog/index.ts'
import { CORPUS, flatten, hasCorpus, noCorpus } from './corpus.ts'
import { eventOf } from './winlogbeat-event.ts'

/**
 * Elastic's own pipeline test pairs (an event as Winlogbeat or the Agent ships it, and the document
 * the integration's ingest pipeline makes of it): every field the pipeline derives must come out of
 * mapWindowsEvent the same. The lists below name what we deliberately do not produce or produce on
 * top, and why.
 */
const NOT_PRODUCED: Readonly<Record<string, string>> = {
  'ecs.version': 'set by the integration to its own ECS version; not part of the event',
  'event.original': 'the shipped XML text; an EVTX record has no XML text to keep',
  'event.created': 'for Security the ingest time of the shipper (Sysmon: TimeCreated, produced)',
  message: 'the message rendered from provider DLLs on the Windows host (LIMIT_WINLOG_MESSAGE)',
  'winlog.api': 'names the Windows API the shipper read through; reading a file uses none',
  'agent.ephemeral_id': 'shipper metadata',
  'agent.hostname': 'shipper metadata',
  'agent.id': 'shipper metadata',
  'agent.type': 'shipper metadata',
  'agent.version': 'shipper metadata',
}

/** Expected values we knowingly replace with what the record itself says. */
const DIFFERENT: Readonly<Record<string, string>> = {
  'host.name': 'the shipper host metadata name; offline it comes from <Computer> (FQDN)',
}

const EXTRA: Readonly<Record<string, string>> = {
  'event.module': 'the integration data stream (a constant_keyword of the index)',
  'event.dataset': 'the integration data stream (a constant_keyword of the index)',
  'host.os.type': 'host metadata the shipper adds; synthesised as windows',
  'host.os.family': 'host metadata the shipper adds; synthesised as windows',
  'host.name': 'host metadata the shipper adds; taken from <Computer>',
  'host.id':
    'the shipper machine id is unknown offline; <Computer> stands in so joins by host.id work',
  'event.provider': 'set by Winlogbeat since 7.5; the 4627 input came from 7.3.1',
  'event.outcome':
    'set by Winlogbeat since 7.5 from the audit keywords; the 4627 input came from 7.3.1',
}

interface Comparison {
  readonly matched: number
  readonly mismatched: string[]
  readonly skipped: string[]
  readonly unexpectedExtras: string[]
}

function compare(actual: Record<string, unknown>, expected: Record<string, unknown>): Comparison {
  const ours = flatten(actual)
  const theirs = flatten(expected)
  let matched = 0
  const mismatched: string[] = []
  const skipped: string[] = []
  for (const [path, value] of theirs) {
    const mine = ours.get(path)
    const isDeliberate =
      Object.hasOwn(DIFFERENT, path) || (mine === undefined && Object.hasOwn(NOT_PRODUCED, path))
    if (JSON.stringify(mine) === JSON.stringify(value)) matched++
    else if (isDeliberate) skipped.push(path)
    else mismatched.push(`${path}: ours ${JSON.stringify(mine)}, expected ${JSON.stringify(value)}`)
  }
  const unexpectedExtras = [...ours.keys()].filter(
    (p) => !theirs.has(p) && !Object.hasOwn(EXTRA, p),
  )

  return { matched, mismatched, skipped, unexpectedExtras }
}

function readPair(path: string): {
  input: Record<string, unknown>
  expected: Record<string, unknown>
} {
  const events = JSON.parse(readFileSync(`${CORPUS}ecs-mapping/${path}`, 'utf8')) as {
    events: unknown[]
  }
  const expected = JSON.parse(
    readFileSync(`${CORPUS}ecs-mapping/${path}-expected.json`, 'utf8'),
  ) as {
    expected: unknown[]
  }

  return {
    input: events.events[0] as Record<string, unknown>,
    expected: expected.expected[0] as Record<string, unknown>,
  }
}

// each input's event: the sysmon pair carries event.original, the 4627 pair is rebuilt from
// its Winlogbeat 7.3 fields
const PAIRS: string[] = [
  'windows/sysmon_operational/test-image-loaded-failed-signature.json',
  'system/security/test-4627.json',
]

describe('Elastic pipeline test pairs', () => {
  let total = 0
  for (const path of PAIRS) {
    test(`derives the expected fields of ${path}`, (t) => {
      if (!hasCorpus('ecs-mapping')) {
        t.skip(noCorpus('ecs-mapping'))

        return
      }
      const { input, expected } = readPair(path)
      const result = compare(mapWindowsEvent(eventOf(input).event), expected)
      total += result.matched
      t.diagnostic(
        `${result.matched} expected fields matched; not compared: ${result.skipped.join(', ')}`,
      )
      assert.deepEqual(result.mismatched, [])
      assert.deepEqual(result.unexpectedExtras, [])
      assert.ok(result.matched > 20, `only ${result.matched} fields compared`)
    })
  }

  test('reports the total', (t) => {
    if (!hasCorpus('ecs-mapping')) {
      t.skip(noCorpus('ecs-mapping'))

      return
    }
    t.diagnostic(`${total} ECS-mapping expectation fields matched in all`)
    assert.ok(total > 0)
  })
})
