import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { renderDiagnostic } from '../../syntax/index.ts'
import type { XmlElement } from './element.ts'
import type { EventXmlItem } from './parse.ts'
import {
  decodeXmlBytes,
  EventXmlParser,
  parseEventXmlStream,
  parseEventXmlText,
  readEventXmlFile,
} from './parse.ts'

function feedInChunks(text: string, size: number): EventXmlItem[] {
  const parser = new EventXmlParser('t.xml')
  const items: EventXmlItem[] = []
  for (let i = 0; i < text.length; i += size) {
    parser.feed(text.slice(i, i + size))
    items.push(...parser.take())
  }
  parser.finish()
  items.push(...parser.take())

  return items
}

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve()
    yield item
  }
}

function events(items: readonly EventXmlItem[]): XmlElement[] {
  return items.flatMap((i) => (i.kind === 'event' ? [i.event] : []))
}

function problems(items: readonly EventXmlItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'problem' ? [renderDiagnostic(i.diagnostic)] : []))
}

function el(
  name: string,
  attributes: Record<string, string>,
  ...children: (XmlElement | string)[]
) {
  return { name, attributes, children }
}

const WEVTUTIL = [
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>",
  "<Provider Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID></System><EventData>",
  "<Data Name='Image'>C:\\x.exe</Data></EventData></Event>",
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>",
  '<EventID>3</EventID></System></Event>',
].join('')

describe('parseEventXmlText', () => {
  test('reads bare events as wevtutil writes them', () => {
    const items = [...parseEventXmlText(WEVTUTIL, 'w.xml')]
    assert.deepEqual(problems(items), [])
    const ns = { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' }
    assert.deepEqual(events(items), [
      el(
        'Event',
        ns,
        el(
          'System',
          {},
          el('Provider', { Name: 'Microsoft-Windows-Sysmon' }),
          el('EventID', {}, '1'),
        ),
        el('EventData', {}, el('Data', { Name: 'Image' }, 'C:\\x.exe')),
      ),
      el('Event', ns, el('System', {}, el('EventID', {}, '3'))),
    ])
  })

  test('reads events under an Events root with declaration, comments and instructions', () => {
    const text = [
      '<?xml version="1.0" encoding="UTF-16"?>',
      '<!-- saved by Event Viewer -->',
      '<Events>',
      '  <?pi data?>',
      '  <Event><System><EventID>4624</EventID></System></Event>',
      '  <!-- between -->',
      '  <Event><System><EventID>4625<!-- inside --></EventID></System></Event>',
      '</Events>',
    ].join('\n')
    const items = [...parseEventXmlText(text, 'e.xml')]
    assert.deepEqual(problems(items), [])
    assert.deepEqual(
      items.map((i) => (i.kind === 'event' ? i.line : -1)),
      [5, 7],
    )
    const ids = events(items).map((e) => JSON.stringify(e.children[0]))
    assert.deepEqual(ids, [
      JSON.stringify(el('System', {}, el('EventID', {}, '4624'))),
      JSON.stringify(el('System', {}, el('EventID', {}, '4625'))),
    ])
  })

  test('ignores the banner line and indentation that evtxexport prints', () => {
    const text =
      'evtxexport 20181227\n\n<Event>\n  <System>\n    <EventID>7</EventID>\n  </System>\n</Event>\n\n'
    const items = [...parseEventXmlText(text, 'x.xml')]
    assert.deepEqual(problems(items), [])
    assert.deepEqual(events(items), [el('Event', {}, el('System', {}, el('EventID', {}, '7')))])
  })

  const textCases: [string, string, string[]][] = [
    [
      '<Data>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</Data>',
      'five entities',
      [`a <b> & "c" 'd'`],
    ],
    ['<Data>&#65;&#x42;&#x1F600;&#169;</Data>', 'character references', ['AB\u{1F600}\u00a9']],
    ['<Data>x<![CDATA[<raw> & ]]>y</Data>', 'CDATA merged with text', ['x<raw> & y']],
    ['<Data> </Data>', 'a white-space value in a leaf', [' ']],
    ['<Data>line1\r\nline2\rline3</Data>', 'CR LF and CR become LF', ['line1\nline2\nline3']],
    ['<Data>a&#13;&#10;b</Data>', 'a referenced CR is kept', ['a\r\nb']],
    ['<Data/>', 'a self-closing element', []],
    ['<Data></Data>', 'an empty element', []],
  ]
  for (const [xml, title, children] of textCases) {
    test(`decodes ${title}: ${xml}`, () => {
      const items = [...parseEventXmlText(`<Event>${xml}</Event>`, 't.xml')]
      assert.deepEqual(problems(items), [])
      const data = events(items)[0]?.children[0] as XmlElement
      assert.deepEqual(data.children, children)
    })
  }

  test('drops white space between elements but keeps text next to elements', () => {
    const items = [...parseEventXmlText('<Event>\n  <A/>\n  text\n  <B/>\n</Event>', 't.xml')]
    assert.deepEqual(events(items)[0]?.children, [el('A', {}), '\n  text\n  ', el('B', {})])
  })

  test('strips namespace prefixes from elements and attributes', () => {
    const text =
      '<e:Event xmlns:e="urn:x" xmlns="urn:y"><e:System e:Name="n" Other=\'o\'/></e:Event>'
    const items = [...parseEventXmlText(text, 't.xml')]
    assert.deepEqual(problems(items), [])
    assert.deepEqual(events(items), [
      el('Event', { xmlns: 'urn:y' }, el('System', { Name: 'n', Other: 'o' })),
    ])
  })

  test('normalises white space and decodes references in attribute values', () => {
    const text = '<Event><A v="a\tb\r\nc &amp; &#9;d" w = "x" /></Event>'
    const items = [...parseEventXmlText(text, 't.xml')]
    assert.deepEqual(events(items)[0]?.children, [el('A', { v: 'a b c & \td', w: 'x' })])
  })

  test('keeps a "__proto__" attribute as an own property', () => {
    const items = [...parseEventXmlText('<Event __proto__="p"/>', 't.xml')]
    const event = events(items)[0]
    assert.equal(Object.hasOwn(event?.attributes ?? {}, '__proto__'), true)
    assert.equal(Object.getPrototypeOf(event?.attributes), Object.prototype)
  })

  const malformed: [string, string, string[]][] = [
    [
      'mismatched end tag',
      '<Event>\n  <System>\n    <EventID>1</EventId>\n  </System>\n</Event>\n<Event><System/></Event>',
      ['t.xml:3:15 ERR_XML_MISMATCHED_TAG expected "</EventID>" but found "</EventId>"'],
    ],
    [
      'unquoted attribute value',
      '<Event><Data Name=Image>x</Data></Event>\n<Event><System/></Event>',
      ['t.xml:1:14 ERR_XML_BAD_TAG value of attribute "Name" is not quoted'],
    ],
    [
      'attribute without value',
      '<Event><Data Name>x</Data></Event><Event><System/></Event>',
      ['t.xml:1:14 ERR_XML_BAD_TAG attribute "Name" has no "=" and value'],
    ],
    [
      'unknown markup',
      '<Event><!ELEMENT x></Event>\n\n<Event><System/></Event>',
      ['t.xml:1:8 ERR_XML_BAD_MARKUP unknown markup "<!ELEMENT"'],
    ],
    [
      'less-than inside a tag',
      '<Event><Data Name="a" <b></Data></Event><Event><System/></Event>',
      ['t.xml:1:23 ERR_XML_BAD_TAG unexpected "<" inside a tag'],
    ],
  ]
  for (const [title, text, expected] of malformed) {
    test(`reports ${title} and resumes at the next event`, () => {
      for (const size of [text.length, 1, 3]) {
        const items = feedInChunks(text, size)
        assert.deepEqual(problems(items), expected)
        assert.deepEqual(events(items), [el('Event', {}, el('System', {}))])
      }
    })
  }

  test('reports an event cut off at the end of the file', () => {
    const items = [...parseEventXmlText('<Event><System/></Event>\n<Event>\n<System>', 't.xml')]
    assert.equal(events(items).length, 1)
    assert.deepEqual(problems(items), [
      't.xml:3:9 ERR_XML_UNEXPECTED_EOF unexpected end of file inside element "System"',
    ])
  })

  const atEnd: [string, string][] = [
    ['<Event><!-- never closed', 't.xml:1:8 ERR_XML_UNTERMINATED unterminated comment'],
    ['<Event><![CDATA[ open', 't.xml:1:8 ERR_XML_UNTERMINATED unterminated CDATA section'],
    ['<Event><Data Name="x', 't.xml:1:8 ERR_XML_UNTERMINATED unterminated start tag'],
    ['<Events>', 't.xml:1:9 warning ERR_XML_UNCLOSED_ELEMENT element "Events" is never closed'],
    ['just text', 't.xml:1:10 warning ERR_XML_NO_EVENTS no <Event> elements found'],
  ]
  for (const [text, expected] of atEnd) {
    test(`reports ${JSON.stringify(text)} at the end of input`, () => {
      assert.deepEqual(problems([...parseEventXmlText(text, 't.xml')]), [expected])
    })
  }

  test('keeps undecodable references as text with a warning', () => {
    const items = [...parseEventXmlText('<Event><D>a &nbsp; b & c &#0; d</D></Event>', 't.xml')]
    assert.deepEqual((events(items)[0]?.children[0] as XmlElement).children, [
      'a &nbsp; b & c &#0; d',
    ])
    assert.deepEqual(problems(items), [
      't.xml:1:13 warning ERR_XML_BAD_ENTITY unknown entity "&nbsp;" is kept as text',
      't.xml:1:22 warning ERR_XML_BAD_ENTITY a bare "&" is kept as text (write "&amp;")',
      't.xml:1:26 warning ERR_XML_BAD_ENTITY unknown entity "&#0;" is kept as text',
    ])
  })

  test('warns about a repeated attribute and keeps the first value', () => {
    const items = [...parseEventXmlText('<Event a="1" a="2"/>', 't.xml')]
    assert.deepEqual(events(items), [el('Event', { a: '1' })])
    assert.deepEqual(problems(items), [
      't.xml:1:14 warning ERR_XML_DUPLICATE_ATTRIBUTE attribute "a" repeats; the first value is kept',
    ])
  })

  test('warns about an end tag outside any element', () => {
    const items = [...parseEventXmlText('</Events><Event/>', 't.xml')]
    assert.equal(events(items).length, 1)
    assert.deepEqual(problems(items), [
      't.xml:1:1 warning ERR_XML_STRAY_END_TAG end tag "</Events>" has no matching start tag',
    ])
  })

  test('resynchronises at <Event and not at <Events', () => {
    const text = '<Event><A></B></Event><Events><Event><C/></Event></Events>'
    const items = [...parseEventXmlText(text, 't.xml')]
    assert.deepEqual(events(items), [el('Event', {}, el('C', {}))])
    assert.equal(problems(items).length, 1)
  })
})

describe('EventXmlParser limits', () => {
  test('drops an event nested deeper than 256 elements and keeps the next', () => {
    const deep = `<Event>${'<a>'.repeat(300)}${'</a>'.repeat(300)}</Event>`
    const items = [...parseEventXmlText(`${deep}\n<Event><System/></Event>`, 't.xml')]
    assert.deepEqual(problems(items), [
      't.xml:1:773 ERR_XML_TOO_DEEP elements nest deeper than 256',
    ])
    assert.deepEqual(events(items), [el('Event', {}, el('System', {}))])
  })

  test('drops an event longer than the limit, however it is chunked', () => {
    const big = `<Event><Data>${'x'.repeat(5000)}</Data></Event>\n<Event><System/></Event>`
    for (const size of [big.length, 100]) {
      const parser = new EventXmlParser('t.xml', { maxEventChars: 1000 })
      const items: EventXmlItem[] = []
      for (let i = 0; i < big.length; i += size) {
        parser.feed(big.slice(i, i + size))
        items.push(...parser.take())
      }
      parser.finish()
      items.push(...parser.take())
      assert.deepEqual(
        items.flatMap((i) => (i.kind === 'problem' ? [i.diagnostic.code] : [])),
        ['ERR_XML_TOO_LARGE'],
      )
      assert.deepEqual(events(items), [el('Event', {}, el('System', {}))])
    }
  })

  test('bounds an unterminated comment outside any event', () => {
    const parser = new EventXmlParser('t.xml', { maxEventChars: 1000 })
    parser.feed(`<!-- ${'x'.repeat(2000)}`)
    parser.feed('<Event/>')
    parser.finish()
    const items = parser.take()
    assert.equal(items[0]?.kind === 'problem' ? items[0].diagnostic.code : '', 'ERR_XML_TOO_LARGE')
  })
})

describe('EventXmlParser chunking', () => {
  const sample = [
    '<?xml version="1.0"?>\r\n<Events>\r\n',
    '<Event xmlns="urn:e"><System><Provider Name="P" Guid="{1}"/><EventID>4688</EventID>',
    '<TimeCreated SystemTime="2020-01-01T00:00:00.1234567Z"/></System><EventData>',
    '<Data Name="CommandLine">cmd /c "echo &amp; &lt;x&gt;"\r\n next</Data>',
    '<Data Name="X"><![CDATA[a]]]]><![CDATA[>b]]></Data><!-- c --></EventData></Event>\r\n',
    '<Event><EventData><Data>&#x1F600;</Data></EventData></Event></Events>\r\n',
  ].join('')

  test('gives the same items whatever the chunk size', () => {
    const whole = feedInChunks(sample, sample.length)
    assert.deepEqual(problems(whole), [])
    assert.equal(events(whole).length, 2)
    for (const size of [1, 2, 3, 5, 7, 64]) {
      assert.deepEqual(feedInChunks(sample, size), whole, `chunk size ${size}`)
    }
  })

  test('assembles a long text value fed in small chunks', () => {
    const script = 'Write-Host "x";\n'.repeat(20000)
    const text = `<Event><EventData><Data Name="ScriptBlockText">${script}</Data></EventData></Event>`
    const items = feedInChunks(text, 997)
    const data = (events(items)[0]?.children[0] as XmlElement).children[0] as XmlElement
    assert.equal(data.children[0], script)
  })

  test('refuses to feed after finish', () => {
    const parser = new EventXmlParser('t.xml')
    parser.finish()
    assert.throws(() => {
      parser.feed('<Event/>')
    }, /after finish/)
  })
})

describe('decodeXmlBytes', () => {
  const text =
    '<?xml version="1.0" encoding="UTF-16"?><Events><Event><Data>é😀</Data></Event></Events>'

  function utf16(le: boolean, bom: boolean): Uint8Array {
    const body = Buffer.from(text, 'utf16le')
    if (!le) body.swap16()

    return bom ? Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), body]) : body
  }

  const encodings: [string, Uint8Array][] = [
    ['UTF-8', Buffer.from(text)],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['UTF-16LE with BOM', utf16(true, true)],
    ['UTF-16LE without BOM', utf16(true, false)],
    ['UTF-16BE with BOM', utf16(false, true)],
    ['UTF-16BE without BOM', utf16(false, false)],
  ]
  for (const [name, bytes] of encodings) {
    test(`decodes ${name} split at odd byte offsets`, async () => {
      const pieces: Uint8Array[] = []
      for (let i = 0; i < bytes.length; i += 3) pieces.push(bytes.subarray(i, i + 3))
      let decoded = ''
      for await (const piece of decodeXmlBytes(asAsync(pieces))) decoded += piece
      assert.equal(decoded, text)
    })
  }

  test('decodes an input shorter than four bytes', async () => {
    let decoded = ''
    for await (const piece of decodeXmlBytes(asAsync([Buffer.from('<a')]))) decoded += piece
    assert.equal(decoded, '<a')
  })
})

describe('readEventXmlFile', () => {
  test('reads a UTF-16LE file with BOM as Windows saves it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-xml-'))
    try {
      const path = join(dir, 'saved.xml')
      const body = '<Events><Event><System><EventID>1102</EventID></System></Event></Events>'
      await writeFile(
        path,
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]),
      )
      const items: EventXmlItem[] = []
      for await (const item of readEventXmlFile(path)) items.push(item)
      assert.deepEqual(problems(items), [])
      assert.deepEqual(events(items), [
        el('Event', {}, el('System', {}, el('EventID', {}, '1102'))),
      ])
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  test('reports a missing file as a problem', async () => {
    const items: EventXmlItem[] = []
    for await (const item of readEventXmlFile('/nonexistent/vigil/events.xml')) items.push(item)
    assert.deepEqual(problems(items), [
      '/nonexistent/vigil/events.xml:1:1 ERR_XML_READ cannot read file (ENOENT)',
    ])
  })

  test('parses an async stream of strings', async () => {
    const chunks = asAsync(['<Event><A>', '1</A></Ev', 'ent>'])
    const items: EventXmlItem[] = []
    for await (const item of parseEventXmlStream(chunks, 's.xml')) items.push(item)
    assert.deepEqual(events(items), [el('Event', {}, el('A', {}, '1'))])
  })
})
