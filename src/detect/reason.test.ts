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
  {
    event: {
      event: { category: 'process' },
      process: { name: ['a.exe', '', null, 'b.exe'] },
      user: { name: '' },
      host: [{ name: 'h1' }, { name: 'h2' }],
    },
    reason: 'process event with process a.exe, b.exe, on h1, h2 created high alert R.',
  },
  {
    event: {
      'source.ip': '10.0.0.1',
      source: { port: [53, 5353] },
      destination: { ip: ['10.0.0.2', null], port: '' },
      file: { name: true },
    },
    reason:
      'event file true, source 10.0.0.1:53, 5353, destination 10.0.0.2, created high alert R.',
  },
  {
    event: { process: { name: { nested: 1 }, parent: { name: [['x.exe'], 'y.exe'] } } },
    // an object is not a value of the field
    reason: 'event parent process x.exe, y.exe, created high alert R.',
  },
]

describe('alert reason', () => {
  for (const { event, reason } of CASES) {
    test(`reason for ${JSON.stringify(event)}`, () => {
      assert.equal(buildReason(event, 'high', 'R'), reason)
    })
  }
})
