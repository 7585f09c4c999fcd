/**
 * The Node counterpart of the browser's `runner/worker.ts`: the same runtime, in a `worker_threads` worker,
 * with the program written to a temporary file instead of a `blob:` URL. Bundled by `node-runner.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { collectSnapshot, preload, runProgram, type RuntimeHost } from '../../docs/components/playground/runner/runtime'
import type { HostMessage } from '../../docs/components/playground/runner/protocol'

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

port.on('message', (message: HostMessage) => {
  if (message.type === 'preload') {
    preload(host, message.urls).then(
      () => host.post({ type: 'ready' }),
      () => host.post({ type: 'ready' }),
    )
  } else if (message.type === 'collect') {
    void collectSnapshot()
  } else {
    void runProgram(host, message.request)
  }
})
