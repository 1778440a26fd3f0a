import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { byteSpan, error, renderDiagnostic, shiftSpan, SourceText } from './index.ts'

describe('SourceText', () => {
  const source = new SourceText('q.eql', 'process where\n  a = 1\r\nend')

  const cases: [number, number, number][] = [
    [0, 1, 1],
    [13, 1, 14],
    [14, 2, 1],
    [18, 2, 5],
    [23, 3, 1],
    [999, 3, 4],
  ]
  for (const [offset, line, column] of cases) {
    test(`offset ${offset} is line ${line} column ${column}`, () => {
      assert.deepEqual(source.positionAt(offset), {
        offset: Math.min(offset, source.text.length),
        line,
        column,
      })
    })
  }

  test('lineText drops the line break and a carriage return', () => {
    assert.equal(source.lineText(2), '  a = 1')
    assert.equal(source.lineText(4), '')
  })
})

describe('renderDiagnostic', () => {
  test('prints file:line:col code message with a caret under the span', () => {
    const source = new SourceText('q.eql', 'process where\n  a = 1')
    const d = error('ERR_EQL_SINGLE_EQUALS', 'expected "==" but found "="', source.spanAt(18, 19))
    assert.equal(
      renderDiagnostic(d, { source }),
      'q.eql:2:5 ERR_EQL_SINGLE_EQUALS expected "==" but found "="\n2 |   a = 1\n  |     ^',
    )
  })

  test('prints only the heading without a source', () => {
    const d = error('ERR_X', 'bad', new SourceText('f', 'abc').spanAt(1, 2), 'f.json')
    assert.equal(renderDiagnostic(d), 'f.json:1:2 ERR_X bad')
  })
})

describe('shiftSpan', () => {
  test('moves an embedded span into the host text', () => {
    const inner = new SourceText('q', 'ab\ncd').spanAt(4, 5)
    const host = new SourceText('f', 'xxxxx\nquery = """ab\ncd"""').positionAt(18)
    const shifted = shiftSpan(inner, host)
    assert.deepEqual(shifted.start, { offset: 22, line: 3, column: 2 })
  })
})

describe('byteSpan', () => {
  test('renders as file@offset', () => {
    const d = error('ERR_EVTX_CHUNK_CHECKSUM', 'chunk checksum mismatch', byteSpan(69632), 'a.evtx')
    assert.equal(
      renderDiagnostic(d),
      'a.evtx@69632 ERR_EVTX_CHUNK_CHECKSUM chunk checksum mismatch',
    )
  })
})
