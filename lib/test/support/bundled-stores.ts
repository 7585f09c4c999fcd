/**
 * Makes `import('eventsourcing/sqlite')` and its siblings load the copies bundled beside this module, in
 * the worker threads and child processes of the multi-process tests. The library loads the store that
 * PERSISTENCE_MODULE names with a dynamic import, which a bundle cannot follow; left to Node, it would
 * load another copy of the library (lib/dist, or the TypeScript sources Node cannot run), whose mapper
 * would not know the bundle's event classes. Imported first by the bundled entries (see multiprocess.ts).
 */
import { registerHooks } from 'node:module'

const BUNDLED = new Set(['sqlite', 'postgres', 'cipher', 'compressor'])

registerHooks({
  resolve(specifier, context, nextResolve) {
    const [, subpath] = /^eventsourcing\/([a-z]+)$/.exec(specifier) ?? []
    if (subpath === undefined || !BUNDLED.has(subpath)) return nextResolve(specifier, context)
    return { url: new URL(`./${subpath}.mjs`, import.meta.url).href, shortCircuit: true }
  },
})
