// every corpus file against libevtx's event count in MANIFEST.tsv, plus the edge cases of the
// format doc's checklist (§7) with expected counts and values
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { createEvtxStats } from '../../../src/sources/evtx/index.ts'
import type { XmlElement } from '../../../src/sources/xml/element.ts'
import { childElement, childElements, ownText } from '../../../src/sources/xml/element.ts'
import { HAS_CORPUS, NO_CORPUS, countChannels, readCorpusFile, readManifest } from './corpus.ts'

const S = 'omerbenamram-evtx/samples/'
const MITRE = 'EVTX-to-MITRE-Attack/'
const NO_TEMPLATES =
  'records written without templates, which libevtx rejects (token 0x05 in an attribute)'

/**
 * Files where our count differs from libevtx's on purpose. The manifest counts `<Channel>`
 * elements with text in `evtxexport -f xml` output, so the same measure is taken on our events.
 */
const EXCEPTIONS: ReadonlyMap<string, { channels: number; records: number; reason: string }> =
  new Map([
    [`${S}MSExchange_Management_wec.evtx`, { channels: 1, records: 1, reason: NO_TEMPLATES }],
    [`${S}issue_201.evtx`, { channels: 1, records: 1, reason: NO_TEMPLATES }],
    [
      `${MITRE}Antivirus/ID1116-1117-Defender threat detected.evtx`,
      { channels: 6, records: 6, reason: NO_TEMPLATES },
    ],
    [
      `${MITRE}TA0001-Initial access/T1078-Valid accounts/ID1149-RDP success logins to multiple hosts.evtx`,
      { channels: 11, records: 11, reason: NO_TEMPLATES },
    ],
    [
      `${MITRE}TA0003-Persistence/T1546-Event Triggered Execution/ID800-4103-4104-WMI registration via PowerLurk.evtx`,
      { channels: 10, records: 10, reason: NO_TEMPLATES },
    ],
    [
      `${MITRE}TA0003-Persistence/T1574-Hijack Execution Flow/ID800-4103-4104-Print spooler privilege escalation (CVE-2020-1048).evtx`,
      { channels: 10, records: 10, reason: NO_TEMPLATES },
    ],
    [
      `${MITRE}TA0005-Defense Evasion/T1562.004-Impair Defenses-Disable or Modify System Firewall/ID2003-4950-Firewall disabled.evtx`,
      { channels: 6, records: 6, reason: NO_TEMPLATES },
    ],
    [
      `${MITRE}TA0005-Defense Evasion/T1562.004-Impair Defenses-Disable or Modify System Firewall/ID800-4103-Firewall disabled.evtx`,
      { channels: 10, records: 10, reason: NO_TEMPLATES },
    ],
    [
      `${MITRE}TA0007-Discovery/T1135.xxx-Network Share Discovery/ID5140-5145-Bloodhound-SharpHound enumeration via SMB.evtx`,
      { channels: 90, records: 91, reason: `${NO_TEMPLATES}; one event has no Channel` },
    ],
    [
      `${MITRE}TA0008-Lateral Movement/T1021.006-Windows Remote Management/ID4656-WS Management listener enumeration.evtx`,
      { channels: 29, records: 29, reason: NO_TEMPLATES },
    ],
    [
      `${S}sample-with-zero-data-size-event.evtx`,
      {
        channels: 449,
        records: 449,
        reason: 'records 4–117 follow the zero-size record 3, where libevtx abandons the chunk',
      },
    ],
    [
      `${S}sample_with_a_bad_chunk_magic.evtx`,
      {
        channels: 380,
        records: 380,
        reason:
          '31 records after the torn record of chunk 7, and 82 carved from chunks 6 and 10 whose headers were wiped',
      },
    ],
  ])

/** Problems expected from the damaged files (format doc §7); every other file reads cleanly. */
const EXPECTED_PROBLEMS: ReadonlyMap<string, readonly string[]> = new Map([
  [`${S}security_bad_string_cache.evtx`, ['ERR_EVTX_CHUNK_CHECKSUM']],
  [`${S}sample-with-zero-data-size-event.evtx`, ['ERR_EVTX_CHUNK_CHECKSUM', 'ERR_EVTX_RECORD']],
  [
    `${S}sample_with_a_bad_chunk_magic.evtx`,
    [
      'ERR_EVTX_CHUNK_CHECKSUM',
      'ERR_EVTX_RECORD',
      'ERR_EVTX_CHUNK_HEADER',
      'ERR_EVTX_CHUNK_CHECKSUM',
      'ERR_EVTX_RECORD',
      'ERR_EVTX_CHUNK_CHECKSUM',
      'ERR_EVTX_RECORD',
      'ERR_EVTX_CHUNK_HEADER',
    ],
  ],
])

function dataValues(event: XmlElement, name: string): string[] {
  const data = childElement(event, 'EventData')

  return data === undefined
    ? []
    : childElements(data)
        .filter((d) => d.attributes.Name === name)
        .map(ownText)
}

describe('EVTX corpus against libevtx (MANIFEST.tsv)', () => {
  if (!HAS_CORPUS) {
    test('corpus files', (t) => {
      t.skip(NO_CORPUS)
    })

    return
  }

  for (const entry of readManifest()) {
    const exception = EXCEPTIONS.get(entry.path)
    const title =
      exception === undefined
        ? `${entry.eventsLibevtx} events`
        : `${exception.channels} events (${exception.reason})`
    test(`reads ${entry.path}: ${title}`, () => {
      const { events, problems } = readCorpusFile(entry.path)
      const channels = events.reduce((n, e) => n + countChannels(e), 0)
      assert.ok(
        channels >= entry.eventsLibevtx,
        `${channels} events, fewer than libevtx's ${entry.eventsLibevtx}`,
      )
      assert.equal(channels, exception?.channels ?? entry.eventsLibevtx)
      if (exception !== undefined) assert.equal(events.length, exception.records)
      assert.ok(events.every((e) => e.name === 'Event'))
      assert.deepEqual(
        problems.map((p) => p.code),
        EXPECTED_PROBLEMS.get(entry.path) ?? [],
      )
    })
  }
})

describe('EVTX corpus edge cases (format doc §7)', () => {
  const cases: readonly [string, string, (events: XmlElement[]) => void][] = [
    [
      'scans every physical chunk of a dirty file whose header is stale',
      'DeepBlueCLI/evtx/wmi-event-filter-persistance.evtx',
      (events) => {
        assert.equal(events.length, 901)
      },
    ],
    [
      'renders SizeT values as hex like Windows',
      `${S}Security_with_size_t.evtx`,
      (events) => {
        assert.deepEqual(dataValues(events[155] ?? events[0]!, 'HandleId'), ['0x738c'])
      },
    ],
    [
      'renders a Real64 value',
      'hayabusa-sample-evtx/YamatoSecurity/Persistence/T1197_BitsClient.evtx',
      (events) => {
        assert.deepEqual(dataValues(events[6]!, 'number'), ['3199.234'])
      },
    ],
    [
      'renders Bool values and non-ASCII text',
      'hayabusa-sample-evtx/YamatoSecurity/DefenseEvasion/T1027.004_ObfuscatedFilesOrInformationCompileAfterDelivery_Sysmon.evtx',
      (events) => {
        const values = events.flatMap((e) => dataValues(e, 'IsExecutable'))
        assert.ok(values.length > 0 && values.every((v) => v === 'true' || v === 'false'))
        assert.ok(
          events.some((e) => dataValues(e, 'Product').includes('Microsoft® .NET Framework')),
        )
      },
    ],
    [
      'renders a Binary value as upper-case hex',
      'EVTX-ATTACK-SAMPLES/Defense Evasion/DE_WinEventLogSvc_Crash_System_7036.evtx',
      (events) => {
        const binary = childElement(childElement(events[0]!, 'EventData')!, 'Binary')
        assert.equal(
          binary === undefined ? '' : ownText(binary),
          '5700650072005300760063002F0034000000',
        )
      },
    ],
    [
      'repeats Data elements for a string array, keeping the empty last item',
      'EVTX-ATTACK-SAMPLES/Execution/rogue_msi_url_1040_1042.evtx',
      (events) => {
        const data = childElements(childElement(events[0]!, 'EventData')!).map(ownText)
        assert.deepEqual(data.slice(1), ['2128', '(NULL)', '(NULL)', '(NULL)', '(NULL)', ''])
      },
    ],
    [
      'splits a classic PowerShell array into three unnamed Data elements',
      'hayabusa-sample-evtx/YamatoSecurity/ImpairDefenses/T1562.010_DowngradeAttack_PowerShell.evtx',
      (events) => {
        const data = childElements(childElement(events[0]!, 'EventData')!)
        assert.deepEqual(data.slice(0, 2).map(ownText), ['Registry', 'Started'])
        assert.equal(data.length, 3)
      },
    ],
    [
      'reads UserData held in a nested template',
      'hayabusa-sample-evtx/YamatoSecurity/CredentialAccess/T1558.003_StealOrForgeKerberosTicketsKerberoasting_Security.evtx',
      (events) => {
        const cleared = childElement(childElement(events[0]!, 'UserData')!, 'LogFileCleared')
        assert.equal(
          cleared?.attributes.xmlns,
          'http://manifests.microsoft.com/win/2004/08/windows/eventlog',
        )
      },
    ],
    [
      'reads elements stored directly in a BinXml value',
      `${MITRE}TA0006-Credential Access/T1552.004-Unsecured Credentials-Private Keys/ID70-CAPI-Private key accessed Mimikatz.evtx`,
      (events) => {
        assert.equal(events.length, 3)
        const info = childElement(
          childElement(childElement(events[0]!, 'UserData')!, 'CryptAcquireCertificatePrivateKey')!,
          'EventAuxInfo',
        )
        assert.equal(info?.attributes.ProcessName, 'mimikatz.exe')
      },
    ],
    [
      'reads a file that stores no checksums without reporting it',
      `${S}Application_no_crc32.evtx`,
      (events) => {
        assert.equal(events.length, 17)
      },
    ],
    [
      'reads Windows-rendered text: unpadded hex, 7 digits, entity references',
      `${MITRE}Antivirus/ID1116-1117-Defender threat detected.evtx`,
      (events) => {
        const system = childElement(events[0]!, 'System')!
        assert.match(
          childElement(system, 'TimeCreated')?.attributes.SystemTime ?? '',
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/,
        )
        assert.ok(events.some((e) => dataValues(e, 'FWLink').some((v) => v.includes('&'))))
      },
    ],
  ]

  for (const [title, path, check] of cases) {
    test(`${title}: ${path}`, (t) => {
      if (!HAS_CORPUS) {
        t.skip(NO_CORPUS)

        return
      }

      check(readCorpusFile(path).events)
    })
  }

  test('counts damaged chunks and recovered records of the bad-chunk-magic sample', (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const stats = createEvtxStats()
    readCorpusFile(`${S}sample_with_a_bad_chunk_magic.evtx`, stats)
    assert.deepEqual(stats, {
      records: 380,
      chunks: 4,
      damagedChunks: 5,
      damagedRecords: 3,
      recoveredRecords: 113,
    })
  })
})
