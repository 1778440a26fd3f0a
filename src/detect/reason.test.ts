import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildReason } from './reason.ts'

const CASES: readonly { event: Record<string, unknown>; reason: string }[] = [
  {
    event: {
      event: { category: ['process'] },
      process: { name: 'cmd.exe', parent: { name: 'w3wp.exe' } },
      user: { name: 'SYSTEM' },
      host: { name: 'exch01' },
    },
    reason:
      'process event with process cmd.exe, parent process w3wp.exe, by SYSTEM on exch01 created high alert R.',
  },
  {
    event: {
      event: { category: ['network', 'process'] },
      source: { ip: '10.0.0.1', port: 4444 },
      destination: { ip: '10.0.0.2', port: 443 },
    },
    reason:
      'network, process event source 10.0.0.1:4444, destination 10.0.0.2:443, created high alert R.',
  },
  {
    event: { file: { name: 'a.txt' }, 'host.name': 'h' },
    reason: 'event file a.txt, on h created high alert R.',
  },
  { event: {}, reason: 'event created high alert R.' },
]

describe('alert reason', () => {
  for (const { event, reason } of CASES) {
    test(`reason for ${JSON.stringify(event)}`, () => {
      assert.equal(buildReason(event, 'high', 'R'), reason)
    })
  }
})
