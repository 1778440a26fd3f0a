/**
 * The URL a worker thread starts from: the compiled `<name>.js` beside `self` in the built CLI,
 * or, run from the TypeScript sources, a module that registers tsx and then imports `<name>.ts`.
 * `self` is the caller's `import.meta.url`.
 */
export function workerEntry(self: string, name: string): URL {
  if (!self.endsWith('.ts')) return new URL(`./${name}.js`, self)

  const tsx = import.meta.resolve('tsx/esm/api')
  const entry = new URL(`./${name}.ts`, self).href
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)})`

  return new URL(`data:text/javascript,${encodeURIComponent(code)}`)
}
