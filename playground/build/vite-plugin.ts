// Node only.
/**
 * The Vite plugin that serves the playground's build-time parts:
 *
 * - `virtual:playground/runtime`: where the runtime modules (the library, assert, vitest) are served, and their
 *   file names. `astro build` emits them as static assets in a content-hashed directory; `astro dev` serves them
 *   from memory. Compiled snippets import them by URL, so the library is loaded once per run, not re-bundled.
 * - `virtual:playground/types`: the declarations the editor gives Monaco (imported by the lazy editor chunk only).
 *
 * It also keeps Monaco's CSS out of every page: Astro would hoist the CSS of the lazily imported editor onto all
 * pages as render-blocking stylesheets, so each of Monaco's `.css` imports becomes a module that injects that
 * stylesheet (imported `?inline`) when the editor chunk runs.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { Plugin } from 'vite'
import { buildRuntimeModules, type RuntimeModules } from './runtime-modules'
import { buildPlaygroundTypes } from './types'

const RUNTIME = 'virtual:playground/runtime'
const TYPES = 'virtual:playground/types'
const DEV_PREFIX = '/@playground-runtime/'
const MONACO_CSS = '\0playground-monaco-css:'
const INJECT_STYLE = fileURLToPath(new URL('../page/editor/inject-style.ts', import.meta.url))

/** The playground's Vite plugin; `base` is the site's base path (`/` by default). */
export function playgroundVitePlugin(base = '/'): Plugin {
  let modules: Promise<RuntimeModules> | undefined
  let serve = false
  const runtime = () => (modules ??= buildRuntimeModules(build, { pgliteTemplate: true }))

  return {
    name: 'eventsourcing-playground',
    enforce: 'pre',
    configResolved(config) {
      serve = config.command === 'serve'
    },
    resolveId(id, importer) {
      if (id === RUNTIME || id === TYPES) return `\0${id}`
      if (id.endsWith('.css') && importer?.includes('/monaco-editor/')) {
        // The id must not end in .css, or Vite's CSS plugin would take the stub for a stylesheet.
        return `${MONACO_CSS}${path.resolve(path.dirname(importer.replace(/^\0/, '').split('?')[0]!), id)}.js`
      }
      return undefined
    },
    async load(id) {
      if (id.startsWith(MONACO_CSS)) {
        const file = id.slice(MONACO_CSS.length, -'.js'.length)
        return `import css from ${JSON.stringify(`${file}?inline`)}\nimport { injectStyle } from ${JSON.stringify(INJECT_STYLE)}\ninjectStyle(css)\n`
      }
      if (id === `\0${TYPES}`) return `export default ${JSON.stringify(buildPlaygroundTypes())}`
      if (id !== `\0${RUNTIME}`) return undefined
      const { files, hash } = await runtime()
      let directory: string
      if (serve) {
        directory = `${DEV_PREFIX}${hash}/`
      } else {
        directory = `_astro/playground-${hash}/`
        for (const file of files) {
          this.emitFile({ type: 'asset', fileName: directory + file.path, source: file.contents })
        }
      }
      return [
        `export const runtimeDirectory = ${JSON.stringify(base.replace(/\/?$/, '/') + directory.replace(/^\//, ''))}`,
        `export const runtimeFiles = ${JSON.stringify(files.map((file) => file.path))}`,
      ].join('\n')
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const url = request.url ?? ''
        if (!url.startsWith(DEV_PREFIX)) return next()
        runtime().then(({ files }) => {
          const file = files.find((f) => url.endsWith(`/${f.path}`))
          if (!file) return next()
          response.setHeader('Content-Type', file.path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript')
          response.end(file.contents)
        }, next)
      })
    },
  }
}
