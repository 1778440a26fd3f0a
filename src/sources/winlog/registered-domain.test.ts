import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { domainPartsOf } from './registered-domain.ts'
import type { DomainParts } from './registered-domain.ts'

describe('domainPartsOf', () => {
  const cases: [string, DomainParts | undefined][] = [
    ['www.bing.com', { registered_domain: 'bing.com', top_level_domain: 'com', subdomain: 'www' }],
    ['bbc.co.uk', { registered_domain: 'bbc.co.uk', top_level_domain: 'co.uk' }],
    [
      't.ssl.ak.dynamic.tiles.virtualearth.net',
      {
        registered_domain: 'virtualearth.net',
        top_level_domain: 'net',
        subdomain: 't.ssl.ak.dynamic.tiles',
      },
    ],
    // a suffix of the list's private section, as in Elastic's Sysmon expectations
    [
      'clarium.freetls.fastly.net',
      { registered_domain: 'clarium.freetls.fastly.net', top_level_domain: 'freetls.fastly.net' },
    ],
    ['co.uk', undefined],
    ['localhost', undefined],
    ['10.0.0.1', undefined],
  ]
  for (const [name, expected] of cases) {
    test(name, () => {
      assert.deepEqual(domainPartsOf(name), expected)
    })
  }
})
