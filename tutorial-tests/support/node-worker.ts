/**
 * The Node counterpart of the browser's `playground/worker/web-worker.ts`: the same runtime, in a `worker_threads` worker,
 * with the program written to a temporary file instead of a `blob:` URL. Bundled by `node-runner.ts`.
 *
 * It gives the run what a browser's worker has and Node lacks, for the stores that run in the browser: IndexedDB
 * (`fake-indexeddb`, in this thread's memory: the real one is exercised by the browser tests), and `fetch` of the
 * runtime directory's files (a browser fetches them from the site; here they are `file:` URLs).
 */
import 'fake-indexeddb/auto'
import { parentPort, workerData } from 'node:worker_threads'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { HostMessage } from '@eventsourcing/playground/shared'
import { handleHostMessage, type RuntimeHost } from '@eventsourcing/playground/worker'

const { directory, name } = workerData as { directory: string; name: string }
const port = parentPort!

const networkFetch = globalThis.fetch
globalThis.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input)
  if (!url.startsWith('file:')) return networkFetch(input, init)
  const type = url.endsWith('.wasm') ? 'application/wasm' : 'text/javascript'
  return new Response(readFileSync(fileURLToPath(url)), { headers: { 'Content-Type': type } })
}

const host: RuntimeHost = {
  post: (message) => port.postMessage(message),
  moduleUrl(code) {
    const file = path.join(directory, `${name}.mjs`)
    writeFileSync(file, code)
    return pathToFileURL(file).href
  },
  importModule: (url) => import(url),
  onUncaught(handler) {
    process.on('uncaughtException', (error) => handler('uncaught', error))
    process.on('unhandledRejection', (reason) => handler('unhandled-rejection', reason))
  },
}

port.on('message', (message: HostMessage) => handleHostMessage(host, message))
