import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { CharTrie } from './char-trie.ts'

// the items met walking `text` from the root, as the tries' users walk them
function walk(root: CharTrie<string>, text: string): string[] {
  const met: string[] = []
  let node: CharTrie<string> | undefined = root
  for (let i = 0; i < text.length && node !== undefined; i++) {
    node = node.child(text.charCodeAt(i))
    if (node !== undefined) met.push(...node.items)
  }

  return met
}

describe('CharTrie', () => {
  // filed texts share prefixes, so nodes get first children and further ones
  const filed = ['cmd', 'cmdkey', 'certutil', 'cscript', 'c', 'xcopy']
  const root = new CharTrie<string>()
  for (const text of filed) CharTrie.nodeFor(root, text, false).items.push(text)

  const cases: [string, string[]][] = [
    ['cmdkey.exe', ['c', 'cmd', 'cmdkey']],
    ['certutil', ['c', 'certutil']],
    ['cscript.exe', ['c', 'cscript']],
    ['xcopy', ['xcopy']],
    ['cx', ['c']],
    ['powershell', []],
    ['', []],
  ]
  for (const [text, expected] of cases) {
    test(`walking ${JSON.stringify(text)} meets ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(walk(root, text), expected)
    })
  }

  test('files a text once however often it is asked for, and reversed from its end', () => {
    const trie = new CharTrie<string>()
    assert.equal(CharTrie.nodeFor(trie, 'ab', false), CharTrie.nodeFor(trie, 'ab', false))
    CharTrie.nodeFor(trie, '.exe', true).items.push('exe')
    CharTrie.nodeFor(trie, '.dll', true).items.push('dll')
    assert.deepEqual(walk(trie, 'exe.'), ['exe'])
    assert.deepEqual(walk(trie, 'lld.'), ['dll'])
    assert.deepEqual(walk(trie, 'exe'), [])
  })
})
