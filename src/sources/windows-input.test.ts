import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { problemsOf, readAll, tempFolder, writeInput } from './test-helpers.ts'

const SAMPLE = fileURLToPath(
  new URL(
    '../../../shared/corpus/evtx/EVTX-ATTACK-SAMPLES/Defense Evasion/Win_4985_T1186_Process_Doppelganging.evtx',
    import.meta.url,
  ),
)

const EVENT_XML = `<Events>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"/>
    <EventID>1</EventID>
    <TimeCreated SystemTime="2026-11-02T10:00:00.1234567Z"/>
    <EventRecordID>42</EventRecordID>
    <Channel>Microsoft-Windows-Sysmon/Operational</Channel>
    <Computer>web-01</Computer>
  </System>
  <EventData>
    <Data Name="Image">C:\\Windows\\System32\\cmd.exe</Data>
    <Data Name="CommandLine">cmd.exe /c whoami</Data>
  </EventData>
</Event>
<Event><System><EventID>oops</System></Event>
</Events>`

describe('windows inputs', () => {
  test('reads an evtx file as ecs events numbered by record id', async (t) => {
    if (!existsSync(SAMPLE)) {
      t.skip('shared corpus not found (../shared/corpus/evtx)')

      return
    }

    const { items, summaries } = await readAll([SAMPLE])
    const events = items.flatMap((i) => (i.kind === 'event' ? [i] : []))
    assert.equal(events.length, 2)
    assert.equal(summaries[0]?.format, 'evtx')
    assert.equal(summaries[0]?.events, 2)
    for (const event of events) {
      assert.match(String(event.source['@timestamp']), /^2019-08-14T/)
      assert.equal((event.source.host as { name?: unknown }).name, 'MSEDGEWIN10')
      assert.ok(event.line > 0)
    }
  })

  test('reads an event xml file and reports a malformed event', async () => {
    const path = writeInput(tempFolder(), 'events.xml', EVENT_XML)
    const { items, summaries } = await readAll([path])
    const events = items.flatMap((i) => (i.kind === 'event' ? [i] : []))
    assert.equal(events.length, 1)
    const source = events[0]?.source ?? {}
    assert.equal(
      (source.process as { command_line?: unknown } | undefined)?.command_line,
      'cmd.exe /c whoami',
    )
    assert.equal(events[0]?.line, 2)
    assert.equal(problemsOf(items).length, 1)
    assert.equal(summaries[0]?.problems, 1)
  })

  test('reports an evtx file that is not one', async () => {
    const path = writeInput(tempFolder(), 'fake.evtx', 'definitely not an event log')
    const { items, summaries } = await readAll([path])
    assert.ok(problemsOf(items).length >= 1)
    assert.equal(summaries[0]?.isReadable, false)
  })
})
