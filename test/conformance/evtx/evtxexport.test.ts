// our events against libevtx's `evtxexport -f xml`, value by value, on files that cover every
// value type and stream shape the corpus holds; run.ts does the same over the whole corpus
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { CORPUS, HAS_CORPUS, NO_CORPUS, readCorpusFile } from './corpus.ts'
import { compareWithLibevtx, hasEvtxexport, isSameValue, libevtxEvents } from './libevtx-compare.ts'

const FILES: readonly [string, string][] = [
  [
    'the worked example of the format doc',
    'omerbenamram-evtx/samples/Security_short_selected.evtx',
  ],
  ['SizeT values', 'omerbenamram-evtx/samples/Security_with_size_t.evtx'],
  ['a Real64 value', 'hayabusa-sample-evtx/YamatoSecurity/Persistence/T1197_BitsClient.evtx'],
  [
    'Bool values and non-ASCII text',
    'hayabusa-sample-evtx/YamatoSecurity/DefenseEvasion/T1027.004_ObfuscatedFilesOrInformationCompileAfterDelivery_Sysmon.evtx',
  ],
  [
    'a Binary value',
    'EVTX-ATTACK-SAMPLES/Defense Evasion/DE_WinEventLogSvc_Crash_System_7036.evtx',
  ],
  [
    'string arrays',
    'hayabusa-sample-evtx/YamatoSecurity/ImpairDefenses/T1562.010_DowngradeAttack_PowerShell.evtx',
  ],
  ['an array with empty items', 'EVTX-ATTACK-SAMPLES/Execution/rogue_msi_url_1040_1042.evtx'],
  [
    'elements directly in BinXml values',
    'EVTX-to-MITRE-Attack/TA0006-Credential Access/T1552.004-Unsecured Credentials-Private Keys/ID70-CAPI-Private key accessed Mimikatz.evtx',
  ],
  ['UserData and Null values with junk', 'DeepBlueCLI/evtx/wmi-event-filter-persistance.evtx'],
  [
    'a damaged string table (names by offset)',
    'omerbenamram-evtx/samples/security_bad_string_cache.evtx',
  ],
  [
    'ETW events with FILETIME and GUID values',
    'EVTX-ATTACK-SAMPLES/Credential Access/etw_rpc_zerologon.evtx',
  ],
  [
    'a wrapped log with damaged chunks',
    'omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx',
  ],
]

describe('value normalisation for the libevtx comparison', () => {
  const SAME: readonly [string, string][] = [
    ['2021-04-29T09:23:58.6908657Z', '2021-04-29T09:23:58.690865700Z'],
    ['0x3e7', '0x00000000000003e7'],
    ['0x7eec', '32492'],
    ['{54849625-5478-4994-A5BA-3E3B0328C30D}', '{54849625-5478-4994-a5ba-3e3b0328c30d}'],
    ['3199.234', '3.199234e+003'],
    ['a\r\nb', 'a\nb'],
  ]
  for (const [ours, theirs] of SAME) {
    test(`treats ${ours} and ${theirs} as the same value`, () => {
      assert.ok(isSameValue(ours, theirs))
    })
  }

  test('tells different values apart', () => {
    assert.ok(!isSameValue('0x3e8', '0x00000000000003e7'))
    assert.ok(!isSameValue('2021-04-29T09:23:58.6908657Z', '2021-04-29T09:23:58.690865800Z'))
    assert.ok(!isSameValue('3199.3', '3.199234e+003'))
    assert.ok(!isSameValue('', '0'))
  })
})

describe('events against evtxexport -f xml', () => {
  const canRun = HAS_CORPUS && hasEvtxexport()
  const why = HAS_CORPUS
    ? 'evtxexport not on PATH (apt-get install libevtx-utils); comparison skipped'
    : NO_CORPUS
  for (const [title, path] of FILES) {
    test(`matches every libevtx value for ${title}: ${path}`, (t) => {
      if (!canRun) {
        t.skip(why)

        return
      }

      const result = compareWithLibevtx(readCorpusFile(path).events, libevtxEvents(CORPUS + path))
      assert.ok(result.theirs > 0, 'evtxexport printed events')
      assert.equal(result.matched, result.theirs, 'every libevtx event has a counterpart')
      assert.deepEqual(result.mismatches, [])
      assert.equal(result.equalFields, result.fields)
    })
  }
})
