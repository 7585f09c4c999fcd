/**
 * The Node counterpart of the browser's `playground/worker/web-worker.ts`: the same runtime, in a `worker_threads` worker,
 * with the program written to a temporary file instead of a `blob:` URL. Bundled by `node-runner.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { HostMessage } from '@eventsourcing/playground/shared'
import { handleHostMessage, type RuntimeHost } from '@eventsourcing/playground/worker'

const { directory, name } = workerData as { directory: string; name: string }
const port = parentPort!

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
