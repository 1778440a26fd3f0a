import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { XmlElement } from './element.ts'
import { escapeAttribute, escapeText, serializeXml } from './serialize.ts'

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event'

const element = (
  name: string,
  attributes: Record<string, string> = {},
  ...children: (XmlElement | string)[]
): XmlElement => ({ name, attributes, children })

describe('serializeXml', () => {
  test('writes an event with its namespace, attributes in order and self-closed empty elements', () => {
    const event = element(
      'Event',
      { xmlns: NS },
      element(
        'System',
        {},
        element('Provider', {
          Name: 'Microsoft-Windows-Security-Auditing',
          Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
        }),
        element('EventID', {}, '4624'),
        element('Correlation'),
      ),
      element(
        'EventData',
        {},
        element('Data', { Name: 'TargetUserName' }, 'alice'),
        element('Data', { Name: 'Empty' }),
      ),
    )
    assert.equal(
      serializeXml(event),
      `<Event xmlns="${NS}"><System><Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}"/>` +
        '<EventID>4624</EventID><Correlation/></System><EventData><Data Name="TargetUserName">alice</Data><Data Name="Empty"/></EventData></Event>',
    )
  })

  const TEXT: readonly [string, string][] = [
    ['plain text', 'plain text'],
    ['a < b && c > d', 'a &lt; b &amp;&amp; c &gt; d'],
    ['"quotes" and \'apostrophes\' stay', '"quotes" and \'apostrophes\' stay'],
    ['line\r\nbreak\ttab', 'line&#13;\nbreak\ttab'],
    ['bell\u0007 and nul\u0000', 'bell&#7; and nul&#0;'],
    ['Microsoft® Ωmega ☺', 'Microsoft® Ωmega ☺'],
  ]
  for (const [input, expected] of TEXT) {
    test(`escapes text ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(escapeText(input), expected)
    })
  }

  const ATTRIBUTES: readonly [string, string][] = [
    ['C:\\Windows\\System32', 'C:\\Windows\\System32'],
    ['say "hi" & <go>', 'say &quot;hi&quot; &amp; &lt;go&gt;'],
    ['two\nlines\tand tab', 'two&#10;lines&#9;and tab'],
  ]
  for (const [input, expected] of ATTRIBUTES) {
    test(`escapes attribute value ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(escapeAttribute(input), expected)
    })
  }

  test('indents element-only content and leaves elements holding text on one line', () => {
    const event = element(
      'Event',
      {},
      element('System', {}, element('Level', {}, '4')),
      element('Message', {}, 'a', element('b'), 'c'),
    )
    assert.equal(
      serializeXml(event, { indent: '  ' }),
      '<Event>\n  <System>\n    <Level>4</Level>\n  </System>\n  <Message>a<b/>c</Message>\n</Event>',
    )
  })

  test('writes an element with no children and no attributes as <Name/>', () => {
    assert.equal(serializeXml(element('Security')), '<Security/>')
    assert.equal(serializeXml(element('Security'), { indent: '\t' }), '<Security/>')
  })
})
