import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseEventXmlText } from '../xml/parse.ts'
import type { EcsDocument } from './index.ts'
import { mapWindowsEvent } from './index.ts'

// fixtures of the Security mapping's tests: events as Windows renders them, and table cases

export const SUCCESS = '0x8020000000000000'
export const FAILURE = '0x8010000000000000'

function esc(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

export interface Options {
  readonly keywords?: string
  readonly provider?: string
  readonly userData?: string
}

/** A Security channel event as Windows renders it. */
export function security(
  id: number,
  task: number,
  data: Record<string, string>,
  options: Options = {},
) {
  const provider = options.provider ?? 'Microsoft-Windows-Security-Auditing'
  const fields = Object.entries(data)
    .map(([name, value]) => `<Data Name='${name}'>${esc(value)}</Data>`)
    .join('')
  const body = options.userData ?? `<EventData>${fields}</EventData>`
  const xml =
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='${provider}' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>` +
    `<EventID>${id}</EventID><Version>1</Version><Level>0</Level><Task>${task}</Task>` +
    `<Opcode>0</Opcode><Keywords>${options.keywords ?? SUCCESS}</Keywords>` +
    `<TimeCreated SystemTime='2022-03-22T02:03:11.5455572Z'/><EventRecordID>987654</EventRecordID>` +
    `<Correlation/><Execution ProcessID='636' ThreadID='700'/><Channel>Security</Channel>` +
    `<Computer>DC01.corp.local</Computer><Security/></System>${body}</Event>`
  const item = [...parseEventXmlText(xml, 'security.xml')][0]
  if (item?.kind !== 'event') throw new Error('fixture does not parse')

  return mapWindowsEvent(item.event)
}

export function get(doc: EcsDocument, path: string): unknown {
  let value: unknown = doc
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    value = (value as Record<string, unknown>)[key]
  }

  return value
}

export interface Case {
  readonly id: number
  readonly task: number
  readonly title: string
  readonly data: Record<string, string>
  readonly options?: Options
  readonly expect: Record<string, unknown>
}

/** One test per case: the event's document holds every expected value at its path. */
export function testCases(cases: readonly Case[]): void {
  for (const { id, task, title, data, options, expect } of cases) {
    void test(`maps event ${String(id)} (${title})`, () => {
      const doc = security(id, task, data, options)
      for (const [path, value] of Object.entries(expect))
        assert.deepEqual(get(doc, path), value, path)
    })
  }
}
