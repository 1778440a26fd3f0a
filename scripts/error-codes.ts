// every diagnostic code Vigil raises, with a one-line meaning, gathered for docs/errors.md
import { EQL_DIAGNOSTIC_CODES } from '../src/eql/index.ts'
import { KQL_DIAGNOSTIC_CODES } from '../src/kql/index.ts'
import { RULE_DIAGNOSTIC_CODES } from '../src/rules/index.ts'
import { TEST_DIAGNOSTIC_CODES } from '../src/ruletest/index.ts'

// raised while compiling a parsed EQL query (src/compile)
const EQL_COMPILE_CODES = {
  ERR_EQL_DATE_LITERAL:
    'a literal compared with a date field is not an ISO-8601 date or epoch milliseconds',
  ERR_EQL_IP_LITERAL: 'a literal compared with an ip field is not an IP address or CIDR block',
  ERR_EQL_CIDR: 'a cidrMatch argument is not a valid CIDR block',
  ERR_EQL_REGEX_SYNTAX: 'a regex pattern is not valid Lucene regular-expression syntax',
  ERR_EQL_REGEX_UNSUPPORTED:
    'a regex pattern uses a Lucene operator Vigil does not run (`&`, `~`, `<name>`)',
} as const

// raised by the event generator behind `vigil test --init` (src/generate)
const GENERATE_CODES = {
  ERR_GEN_UNSUPPORTED: 'no example event can be built for a construct of the query',
  ERR_GEN_CONTRADICTION: 'the query constraints contradict each other, so no event can match',
  ERR_GEN_NO_NEGATIVE: 'no near-miss event can be built (every event of the shape matches)',
} as const

const INPUT_CODES = {
  ERR_INPUT_JSON: 'a line (or JSON array element) of an input is not valid JSON; it is skipped',
  ERR_INPUT_NOT_OBJECT: 'a line of an input is valid JSON but not an object; it is skipped',
  ERR_INPUT_BULK: 'a `_bulk` action line is not followed by its document',
  ERR_INPUT_READ: 'an input file or folder cannot be read',
} as const

const EVTX_CODES = {
  ERR_EVTX_IO: 'the EVTX file cannot be read',
  ERR_EVTX_FILE_HEADER: 'the EVTX file header is missing or malformed',
  ERR_EVTX_FILE_CHECKSUM: 'the EVTX file header checksum does not match',
  ERR_EVTX_CHUNK_HEADER: 'a chunk header is malformed; its records are carved one by one',
  ERR_EVTX_CHUNK_CHECKSUM: 'a chunk header or records checksum does not match',
  ERR_EVTX_TRUNCATED: 'the file ends inside a chunk or record',
  ERR_EVTX_RECORD: 'an event record header is damaged; the record is skipped',
  ERR_EVTX_BINXML: 'the BinXML body of a record cannot be decoded; the record is skipped',
} as const

const XML_CODES = {
  ERR_XML_BAD_MARKUP: 'event XML markup is malformed',
  ERR_XML_UNTERMINATED: 'a comment, CDATA section, tag or attribute is not closed',
  ERR_XML_MISMATCHED_TAG: 'an end tag does not match the open element',
  ERR_XML_BAD_TAG: 'a tag name or attribute is malformed',
  ERR_XML_TOO_DEEP: 'elements nest deeper than the limit',
  ERR_XML_TOO_LARGE: 'one event is larger than the limit',
  ERR_XML_UNEXPECTED_EOF: 'the file ends inside an event',
  ERR_XML_READ: 'the XML file cannot be read',
  ERR_XML_BAD_ENTITY: 'an unknown entity reference (kept as written; warning)',
  ERR_XML_DUPLICATE_ATTRIBUTE: 'an attribute is given twice (the first wins; warning)',
  ERR_XML_STRAY_END_TAG: 'an end tag outside any event (ignored; warning)',
  ERR_XML_UNCLOSED_ELEMENT: 'an element inside an event is not closed (warning)',
  ERR_XML_NO_EVENTS: 'the file holds no `<Event>` element (warning)',
} as const

const DETECT_CODES = {
  ERR_DETECT_UNSUPPORTED_RULE:
    'a rule Vigil cannot run (type, language or query shape); it is skipped',
  ERR_DETECT_BAD_FILTER: 'a rule filter cannot be read; the rule is skipped',
  ERR_DETECT_UNSUPPORTED_DSL:
    'a rule filter uses query DSL Vigil does not evaluate; the rule is skipped',
  ERR_DETECT_EXCEPTION_JSON: 'a line of an exception-list export is not valid JSON',
  ERR_DETECT_EXCEPTION_ITEM: 'an exception item is malformed; it is skipped',
  ERR_DETECT_VALUE_LIST: 'an exception entry uses a value list the export does not hold (warning)',
  ERR_DETECT_MAX_SIGNALS:
    'a replayed execution reached max_signals; some alerts were not created (warning)',
  ERR_DETECT_MAX_SIGNALS_CAPPED: 'max_signals above the alerting limit of 1000 is capped (warning)',
  ERR_DETECT_SCHEDULE_GAP: 'replay found time no execution covered (warning)',
  ERR_DETECT_SUPPRESSION_UNSUPPORTED:
    'a sequence rule asks for alert suppression, which Vigil does not apply to sequences (warning)',
} as const

// raised by the command line when it writes results (src/cli)
const OUTPUT_CODES = {
  ERR_OUTPUT_WRITE: 'an `--out` file cannot be created or written (a missing folder, a full disk)',
} as const

/** The code families, in the order docs/errors.md lists them. */
export const CODE_FAMILIES: readonly { title: string; codes: Readonly<Record<string, string>> }[] =
  [
    { title: 'EQL queries', codes: { ...EQL_DIAGNOSTIC_CODES, ...EQL_COMPILE_CODES } },
    { title: 'KQL queries', codes: KQL_DIAGNOSTIC_CODES },
    { title: 'Rule files', codes: RULE_DIAGNOSTIC_CODES },
    { title: 'Event inputs', codes: INPUT_CODES },
    { title: 'EVTX files', codes: EVTX_CODES },
    { title: 'Windows event XML', codes: XML_CODES },
    { title: 'Detection (`vigil hunt`)', codes: DETECT_CODES },
    { title: 'Rule tests (`vigil test`)', codes: TEST_DIAGNOSTIC_CODES },
    { title: 'Example events (`vigil test --init`)', codes: GENERATE_CODES },
    { title: 'Output files', codes: OUTPUT_CODES },
  ]

/** Renders docs/errors.md. */
export function renderErrorsDoc(): string {
  const parts = [
    '# Diagnostic codes\n',
    'Every problem with user input is reported as `file:line:col CODE message` (binary files:',
    '`file@offset CODE message`), with the source line and a caret under the offending text. Codes',
    'are stable; messages may be reworded. This file is generated by `npm run docs:errors`.\n',
  ]

  for (const family of CODE_FAMILIES) {
    parts.push(`## ${family.title}\n`, '| code | meaning |', '| --- | --- |')
    for (const [code, meaning] of Object.entries(family.codes)) {
      parts.push(`| <a id="${code.toLowerCase()}"></a>\`${code}\` | ${meaning} |`)
    }
    parts.push('')
  }

  return parts.join('\n')
}
