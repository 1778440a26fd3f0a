/**
 * Splits a Windows command line into arguments the way `CommandLineToArgvW` does, in the
 * "prior to 2008" variant that Go's `syscall` package and Elastic's pipelines implement:
 * arguments are separated by spaces and tabs outside double quotes; 2n backslashes before a quote
 * give n backslashes and the quote opens or closes quoting, 2n+1 give n backslashes and a literal
 * quote; `""` inside quotes gives a literal quote and ends the quoted run; backslashes not before
 * a quote are literal.
 */
export function splitCommandLine(commandLine: string): string[] {
  const args: string[] = []
  const length = commandLine.length
  let i = 0
  while (i < length) {
    const c = commandLine.charCodeAt(i)
    if (c === SPACE || c === TAB) {
      i++
      continue
    }
    i = readArgument(commandLine, i, args)
  }

  return args
}

const SPACE = 32
const TAB = 9
const QUOTE = 34
const BACKSLASH = 92

/**
 * Reads one argument starting at `from`; returns the index just after it (and its separator).
 * Literal text is copied in slices: only a quote changes what the backslashes before it mean.
 */
function readArgument(commandLine: string, from: number, args: string[]): number {
  let arg = ''
  let inQuote = false
  let slashes = 0
  // start of the literal text not yet added to `arg`
  let run = from
  let i = from
  for (; i < commandLine.length; i++) {
    const c = commandLine.charCodeAt(i)
    if ((c === SPACE || c === TAB) && !inQuote) {
      args.push(arg + commandLine.slice(run, i))

      return i + 1
    }

    if (c === BACKSLASH) {
      slashes++
      continue
    }

    if (c === QUOTE) {
      arg += commandLine.slice(run, i - slashes) + '\\'.repeat(slashes >> 1)
      if (slashes % 2 === 1) arg += '"'
      else if (inQuote && commandLine.charCodeAt(i + 1) === QUOTE) {
        arg += '"'
        i++
        inQuote = false
      } else inQuote = !inQuote
      run = i + 1
    }

    slashes = 0
  }

  args.push(arg + commandLine.slice(run, i))

  return i
}

/**
 * The simpler splitter of the Security pipeline for 4688 `CommandLine`: split at Java white space
 * outside double quotes, quotes kept in the tokens; consecutive separators give empty tokens.
 */
export function splitCommandLineSimple(commandLine: string): string[] {
  const args: string[] = []
  let start = 0
  let inQuote = false
  const last = commandLine.length - 1
  for (let i = 0; i <= last; i++) {
    const c = commandLine.charCodeAt(i)
    if (c === QUOTE) inQuote = !inQuote
    if (!inQuote && isJavaWhitespace(c)) {
      args.push(commandLine.slice(start, i))
      start = i + 1
    }
    if (i === last) args.push(commandLine.slice(start, i + 1))
  }

  return args
}

/** Java's `Character.isWhitespace` for a UTF-16 code unit. */
function isJavaWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)
  if (c < 0x1680) return false

  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x2006) ||
    (c >= 0x2008 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x205f ||
    c === 0x3000
  )
}
