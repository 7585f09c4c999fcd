import { describe, expect, it } from 'vitest'
import { createModuleSources } from './module-sources'

const BASE = 'https://site.example/_astro/playground-1/'

/** Module sources over in-memory files, whose local URLs are `local:<n>` and whose contents are kept by URL. */
function sources(files: Record<string, string | ArrayBuffer>) {
  const made = new Map<string, { contents: string | ArrayBuffer; type: string }>()
  const loads: string[] = []
  const modules = createModuleSources({
    files: Object.keys(files).map((name) => BASE + name),
    load: async (url) => {
      loads.push(url)
      const contents = files[url.slice(BASE.length)]
      if (contents === undefined) throw new Error(`missing ${url}`)
      return contents
    },
    createUrl: (contents, type) => {
      const url = `local:${made.size + 1}`
      made.set(url, { contents, type })
      return url
    },
  })
  return { modules, made, loads }
}

describe('the sandbox’s module sources', () => {
  it('points a module’s imports of its sibling files at their local URLs, leaves first', async () => {
    const { modules, made } = sources({
      'eventsourcing-domain.js': 'import { a } from "./chunk-A.js";\nexport * from "./chunk-B.js";\nexport { a }',
      'chunk-A.js': 'import "./chunk-B.js";\nexport const a = 1',
      'chunk-B.js': 'export const b = await import("./chunk-C.js")',
      'chunk-C.js': 'export const c = 3',
    })
    const domain = await modules.localUrl(BASE + 'eventsourcing-domain.js')
    const local = (name: string) => [...modules.aliases].find(([, url]) => url === BASE + name)![0]
    expect(made.get(local('chunk-B.js'))!.contents).toBe(`export const b = await import("${local('chunk-C.js')}")`)
    expect(made.get(local('chunk-A.js'))!.contents).toBe(`import "${local('chunk-B.js')}";\nexport const a = 1`)
    expect(made.get(domain)!.contents).toBe(
      `import { a } from "${local('chunk-A.js')}";\nexport * from "${local('chunk-B.js')}";\nexport { a }`,
    )
    expect(made.get(domain)!.type).toBe('text/javascript')
  })

  it('makes each file once, however many modules import it', async () => {
    const { modules, loads, made } = sources({
      'eventsourcing-domain.js': 'import "./chunk-A.js"',
      'eventsourcing-application.js': 'import "./chunk-A.js"',
      'chunk-A.js': 'export {}',
    })
    await Promise.all([
      modules.localUrl(BASE + 'eventsourcing-domain.js'),
      modules.localUrl(BASE + 'eventsourcing-application.js'),
    ])
    expect(loads.filter((url) => url.endsWith('chunk-A.js'))).toHaveLength(1)
    expect(made.size).toBe(3)
  })

  it('points a program’s imports of the runtime modules, by site URL, at the same local URLs', async () => {
    const { modules } = sources({ 'eventsourcing-domain.js': 'export {}', 'vitest.js': 'export {}' })
    const domain = await modules.localUrl(BASE + 'eventsourcing-domain.js')
    const program = await modules.rewrite(
      `import { Aggregate } from "${BASE}eventsourcing-domain.js";\nimport { test } from "${BASE}vitest.js";`,
    )
    expect(program).toBe(
      `import { Aggregate } from "${domain}";\nimport { test } from "${await modules.localUrl(BASE + 'vitest.js')}";`,
    )
  })

  it('gives WebAssembly its bytes unchanged, as application/wasm', async () => {
    const bytes = new Uint8Array([0, 97, 115, 109]).buffer
    const { modules, made } = sources({ 'sql-wasm-browser.wasm': bytes })
    const url = await modules.localUrl(BASE + 'sql-wasm-browser.wasm')
    expect(made.get(url)).toEqual({ contents: bytes, type: 'application/wasm' })
  })

  it('refuses a URL that is not one of the runtime modules’ files, naming it', async () => {
    const { modules, loads } = sources({ 'eventsourcing.js': 'export {}' })
    await expect(modules.localUrl('https://elsewhere.example/steal.js')).rejects.toThrow(
      "The sandbox serves only the playground's runtime modules, and https://elsewhere.example/steal.js is not one of them.",
    )
    expect(loads).toEqual([])
  })

  it('refuses modules that import each other in a cycle, naming it, instead of waiting forever', async () => {
    const { modules } = sources({ 'chunk-A.js': 'import "./chunk-B.js"', 'chunk-B.js': 'import "./chunk-A.js"' })
    await expect(modules.localUrl(BASE + 'chunk-A.js')).rejects.toThrow(
      `The runtime modules import each other in a cycle (${BASE}chunk-A.js → ${BASE}chunk-B.js → ${BASE}chunk-A.js).`,
    )
  })

  it('loads a file again after a failed load (the page may be back online)', async () => {
    let fail = true
    const modules = createModuleSources({
      files: [BASE + 'eventsourcing.js'],
      load: async () => {
        if (fail) throw new Error('offline')
        return 'export {}'
      },
      createUrl: () => 'local:1',
    })
    await expect(modules.localUrl(BASE + 'eventsourcing.js')).rejects.toThrow('offline')
    fail = false
    await expect(modules.localUrl(BASE + 'eventsourcing.js')).resolves.toBe('local:1')
  })
})
