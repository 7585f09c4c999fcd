// Worker.
/**
 * The worker a run executes in, in the browser: a classic worker with an opaque origin, made fresh for every run by
 * the page's sandbox frame (`page/sandbox.ts`), and kept ready ahead of the click with the library imported. It
 * cannot open the site's storage, reach the page, or connect anywhere; the frame hands it a `MessagePort` to the
 * page, and everything else comes over that port (`shared/sandbox-protocol.ts`): the runtime modules, imported from
 * `blob:` URLs of their contents, the page's database channel and its SQLite images. The program is imported from a
 * `blob:` URL too. Everything else is the shared runtime.
 */
import { handleHostMessage, type RuntimeHost } from './runtime'
import { createModuleSources, type ModuleSources } from './module-sources'
import { remoteImageStore } from './remote-image-store'
import { messages } from '../shared/messages'
import type { MessageChannelLike } from '../shared/database-protocol'
import type { SandboxHostMessage, SandboxWorkerMessage } from '../shared/sandbox-protocol'

/** The worker's global scope (the page's type-check uses the DOM library, not the Web Worker one). */
declare const self: {
  fetch: typeof fetch
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent<MessagePort>) => void,
    options?: { once?: boolean },
  ): void
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void
}

/** What the program finds missing in the sandbox, and why. */
const PAGE_NAMES = new Set(['parent', 'top', 'window', 'document', 'opener', 'frames'])
const STORAGE_NAMES = new Set(['localStorage', 'sessionStorage', 'caches'])

/** The sentence that says why the sandbox refused what the program tried, if it did. */
function explain(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined
  const missing = /^(\w+) is not defined$/.exec(error.message)?.[1]
  if (error.name === 'ReferenceError' && missing !== undefined) {
    if (PAGE_NAMES.has(missing)) return messages.sandboxNoPage(missing)
    if (STORAGE_NAMES.has(missing)) return messages.sandboxNoStorage
  }
  if (error.name === 'SecurityError') return messages.sandboxNoStorage
  if (/^Failed to fetch dynamically imported module: (?!blob:)/.test(error.message)) return messages.sandboxNoNetwork
  return undefined
}

/** `fetch`, with a clear error for what the sandbox refuses (any URL but the worker's own `blob:` URLs). */
const nativeFetch = self.fetch.bind(self)
self.fetch = async (input, init) => {
  try {
    return await nativeFetch(input, init)
  } catch (error) {
    const url = input instanceof Request ? input.url : String(input)
    if (url.startsWith('blob:')) throw error
    throw new TypeError(messages.sandboxFetchRefused(url), { cause: error })
  }
}

function start(port: MessagePort): void {
  const send = (message: SandboxWorkerMessage) => port.postMessage(message)
  const files = new Map<string, { resolve(contents: string | ArrayBuffer): void; reject(error: Error): void }>()
  const channelListeners = new Set<(event: { data: unknown }) => void>()
  const images = remoteImageStore(messages.sandboxImageStore, (request) => send({ type: 'image-request', ...request }))
  let sources: ModuleSources | undefined
  const modules = () => {
    if (sources === undefined) throw new Error('The page did not name the runtime modules before the first run.')
    return sources
  }
  const host: RuntimeHost = {
    post: send,
    moduleUrl: async (code) =>
      URL.createObjectURL(new Blob([await modules().rewrite(code)], { type: 'text/javascript' })),
    // The program's own URL is a local one already (moduleUrl); the runtime modules are named by their site URLs.
    importModule: async (url) => import(url.startsWith('blob:') ? url : await modules().localUrl(url)),
    assetUrl: (url) => modules().localUrl(url),
    databaseChannel(name): MessageChannelLike {
      return {
        postMessage: (message) => send({ type: 'database-channel', name, message }),
        addEventListener: (_type, listener) => channelListeners.add(listener),
      }
    },
    imageStore: images.store,
    get aliases() {
      return sources?.aliases ?? new Map<string, string>()
    },
    explain,
    onUncaught(handler) {
      self.addEventListener('error', (event) => {
        event.preventDefault()
        handler('uncaught', event.error ?? new Error(event.message))
      })
      self.addEventListener('unhandledrejection', (event) => {
        event.preventDefault()
        handler('unhandled-rejection', event.reason)
      })
    },
  }
  port.onmessage = (event: MessageEvent<SandboxHostMessage>) => {
    const message = event.data
    switch (message.type) {
      case 'runtime-files': {
        const given = new Map(Object.entries(message.contents))
        sources = createModuleSources({
          files: message.urls,
          load: (url) =>
            new Promise((resolve, reject) => {
              const contents = given.get(url)
              given.delete(url)
              if (contents !== undefined) return resolve(contents)
              files.set(url, { resolve, reject })
              send({ type: 'file-request', url })
            }),
          createUrl: (contents, type) => URL.createObjectURL(new Blob([contents], { type })),
        })
        break
      }
      case 'file': {
        const waiting = files.get(message.url)
        files.delete(message.url)
        if (message.ok) waiting?.resolve(message.contents)
        else waiting?.reject(new Error(message.error))
        break
      }
      case 'database-channel':
        for (const listener of channelListeners) listener({ data: message.message })
        break
      case 'image':
        images.answer(message.id, message)
        break
      default:
        handleHostMessage(host, message)
    }
  }
}

// The frame's one message to the worker is its port to the page.
self.addEventListener('message', (event) => start(event.data), { once: true })
