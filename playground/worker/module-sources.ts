// Worker.
/**
 * How a sandboxed run imports the runtime modules it cannot fetch: the page sends each file's contents, and this
 * makes a local URL of it (a `blob:` URL in the browser), after pointing the module's own imports of its sibling
 * files (esbuild's `./chunk-….js`) at their local URLs, leaves first. A program's imports of the runtime modules,
 * by their site URLs, are pointed at the same local URLs, so that the program and the runtime share one copy of the
 * library. Every file gets one local URL per worker, made once; `aliases` maps them back to the site URLs, for
 * stack traces.
 */
import { messages } from '../shared/messages'

/** Where the contents come from, and how a local URL is made of them. */
export interface ModuleSourcesOptions {
  /** The site URLs of the runtime modules' files: the only ones that are served. */
  files: readonly string[]
  /** The contents of one of `files` (text, or bytes for WebAssembly). */
  load(url: string): Promise<string | ArrayBuffer>
  /** Makes a URL the worker can import or fetch. */
  createUrl(contents: string | ArrayBuffer, type: string): string
}

/** The local URLs of the runtime modules' files. */
export interface ModuleSources {
  /** The local URL of the file at this site URL (loaded, with its imports, on first use). */
  localUrl(url: string): Promise<string>
  /** The program's code with its imports of the runtime modules pointed at their local URLs. */
  rewrite(code: string): Promise<string>
  /** Local URL → site URL, for every file made so far. */
  readonly aliases: ReadonlyMap<string, string>
}

/** A relative specifier in an import or export statement, or in a dynamic `import()`. */
const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.\.?\/[^"'\s]+)\2/g

/** Makes the runtime modules' files importable by a worker that may not fetch them. */
export function createModuleSources(options: ModuleSourcesOptions): ModuleSources {
  const files = new Set(options.files)
  const made = new Map<string, Promise<string>>()
  const aliases = new Map<string, string>()

  const make = async (url: string, importers: readonly string[]): Promise<string> => {
    if (!files.has(url)) {
      throw new Error(messages.sandboxFileRefused(url))
    }
    const contents = await options.load(url)
    const type = url.endsWith('.wasm') ? 'application/wasm' : 'text/javascript'
    if (typeof contents !== 'string' || type !== 'text/javascript') return options.createUrl(contents, type)
    const specifiers = [...new Set(Array.from(contents.matchAll(RELATIVE_IMPORT), (match) => match[3]!))]
    const locals = await Promise.all(
      specifiers.map((specifier) => get(new URL(specifier, url).href, [...importers, url])),
    )
    const imported = new Map(specifiers.map((specifier, index) => [specifier, locals[index]!]))
    const code = contents.replace(RELATIVE_IMPORT, (whole, lead: string, quote: string, specifier: string) =>
      imported.has(specifier) ? `${lead}${quote}${imported.get(specifier)}${quote}` : whole,
    )
    return options.createUrl(code, type)
  }

  const get = (url: string, importers: readonly string[]): Promise<string> => {
    if (importers.includes(url)) {
      const cycle = [...importers.slice(importers.indexOf(url)), url].join(' → ')
      return Promise.reject(new Error(`The runtime modules import each other in a cycle (${cycle}).`))
    }
    let local = made.get(url)
    if (local === undefined) {
      local = make(url, importers).then((created) => {
        aliases.set(created, url)
        return created
      })
      made.set(url, local)
      // A failed file is not kept: the next import tries again (the page may be back online).
      local.catch(() => made.delete(url))
    }
    return local
  }

  return {
    aliases,
    localUrl: (url) => get(url, []),
    async rewrite(code) {
      let result = code
      for (const url of files) {
        const quoted = JSON.stringify(url)
        if (result.includes(quoted)) result = result.split(quoted).join(JSON.stringify(await get(url, [])))
      }
      return result
    },
  }
}
