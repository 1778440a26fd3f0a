import { createRequire } from 'node:module'

import type { parse as parseName } from 'tldts'

// the list is loaded on the first DNS name: most runs map none, and loading it takes 20 to 30 ms
const require = createRequire(import.meta.url)
let parse: typeof parseName | undefined

/** The parts of a DNS name that Elastic's `registered_domain` processor adds. */
export interface DomainParts {
  readonly registered_domain: string
  readonly top_level_domain: string
  readonly subdomain?: string
}

/**
 * The registered domain of a DNS name, its public suffix and what comes before it, by the whole
 * Public Suffix List (its private section too, so `global.ssl.fastly.net` is a suffix), as the
 * `registered_domain` processor gives them. The list is tldts's copy; Elasticsearch bundles an
 * older one, which lacks some newer suffixes (`akamaized.net`). Undefined for an address, or a
 * name that is itself a suffix or has none.
 */
export function domainPartsOf(name: string): DomainParts | undefined {
  parse ??= (require('tldts') as { parse: typeof parseName }).parse
  const parsed = parse(name, { allowPrivateDomains: true })
  const { domain, publicSuffix, subdomain } = parsed
  if (parsed.isIp === true || domain === null || publicSuffix === null) return undefined

  const parts = { registered_domain: domain, top_level_domain: publicSuffix }

  return subdomain === null || subdomain === '' ? parts : { ...parts, subdomain }
}
