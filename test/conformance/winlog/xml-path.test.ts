import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { describe, test } from 'node:test'
import { readEvtx } from '../../../src/sources/evtx/index.ts'
import type { XmlElement, XmlNode } from '../../../src/sources/xml/element.ts'
import { decodeXmlBytes, parseEventXmlStream } from '../../../src/sources/xml/parse.ts'
import type { EcsDocument } from '../../../src/sources/winlog/index.ts'
import { mapWindowsEvent } from '../../../src/sources/winlog/index.ts'
import { CORPUS, hasCorpus, noCorpus } from './corpus.ts'

/**
 * The same records reach mapWindowsEvent two ways: Vigil's EVTX reader, and libevtx's
 * `evtxexport -f xml` text through Vigil's XML parser. libevtx renders two value types unlike
 * Windows (zero-padded hex integers, 9-digit FILETIME fractions; evtx-format.md §5); with those
 * put back in Windows form both paths must give identical ECS documents.
 */
const FILES = [
  'EVTX-ATTACK-SAMPLES/Execution/exec_sysmon_1_rundll32_pcwutl_LaunchApplication.evtx',
  'EVTX-ATTACK-SAMPLES/Lateral Movement/LM_DCOM_MSHTA_LethalHTA_Sysmon_3_1.evtx',
  'DeepBlueCLI/evtx/sliver-sysmon.evtx',
  'EVTX-ATTACK-SAMPLES/Lateral Movement/LM_WMI_4624_4688_TargetHost.evtx',
  'hayabusa-sample-evtx/YamatoSecurity/CredentialAccess/T1558.003_StealOrForgeKerberosTicketsKerberoasting_Security.evtx',
  'EVTX-to-MITRE-Attack/TA0007-Discovery/T1087-Account discovery/ID800 - SPN discovery (PowerShell).evtx',
  'EVTX-ATTACK-SAMPLES/Credential Access/phish_windows_credentials_powershell_scriptblockLog_4104.evtx',
  'EVTX-ATTACK-SAMPLES/Privilege Escalation/System_7045_namedpipe_privesc.evtx',
]

const PADDED_HEX_RE = /^0x0+([0-9a-f]+)$/
const FILETIME_9_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7})00Z$/

function asWindowsRenders(value: string): string {
  const hex = PADDED_HEX_RE.exec(value)
  if (hex !== null) return `0x${hex[1] ?? ''}`
  const time = FILETIME_9_RE.exec(value)

  return time === null ? value : `${time[1] ?? ''}Z`
}

function normalise(element: XmlElement): XmlElement {
  const attributes: Record<string, string> = {}
  for (const [key, value] of Object.entries(element.attributes))
    attributes[key] = asWindowsRenders(value)
  const children: XmlNode[] = element.children.map((c) =>
    typeof c === 'string' ? asWindowsRenders(c) : normalise(c),
  )

  return { name: element.name, attributes, children }
}

function hasEvtxexport(): boolean {
  return spawnSync('evtxexport', ['-V']).error === undefined
}

async function viaReader(path: string): Promise<EcsDocument[]> {
  const docs: EcsDocument[] = []
  for await (const item of readEvtx(path))
    if (item.kind === 'record') docs.push(mapWindowsEvent(item.record.event))

  return docs
}

async function viaXml(path: string): Promise<{ docs: EcsDocument[]; problems: string[] }> {
  const child = spawn('evtxexport', ['-f', 'xml', path])
  const docs: EcsDocument[] = []
  const problems: string[] = []
  for await (const item of parseEventXmlStream(decodeXmlBytes(child.stdout), path)) {
    if (item.kind === 'event') docs.push(mapWindowsEvent(normalise(item.event)))
    else problems.push(item.diagnostic.message)
  }

  return { docs, problems }
}

describe('event XML from evtxexport', () => {
  for (const file of FILES) {
    test(`maps like the EVTX reader: ${file.slice(file.lastIndexOf('/') + 1)}`, async (t) => {
      if (!hasCorpus('evtx')) {
        t.skip(noCorpus('evtx'))

        return
      }
      if (!hasEvtxexport()) {
        t.skip('evtxexport (Debian package libevtx-utils) not installed; XML path test skipped')

        return
      }
      const path = `${CORPUS}evtx/${file}`
      const [reader, xml] = await Promise.all([viaReader(path), viaXml(path)])
      assert.deepEqual(xml.problems, [])
      assert.ok(reader.length > 0)
      assert.deepEqual(xml.docs, reader)
    })
  }
})
