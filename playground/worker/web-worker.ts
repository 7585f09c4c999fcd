// Worker.
/**
 * The Web Worker a run executes in: a fresh module worker per run (so every run starts with a fresh library,
 * topic registry and globals), kept ready ahead of the click with the library already imported. The program is
 * imported from a `blob:` URL. Everything else is the shared runtime.
 */
import { handleHostMessage, type RuntimeHost } from './runtime'
import type { HostMessage } from '../shared/protocol'

/** The worker's global scope (the page's type-check uses the DOM library, not the Web Worker one). */
declare const self: {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: MessageEvent<HostMessage>) => void): void
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void
}

const host: RuntimeHost = {
  post: (message) => self.postMessage(message),
  moduleUrl: (code) => URL.createObjectURL(new Blob([code], { type: 'text/javascript' })),
  importModule: (url) => import(/* @vite-ignore */ url),
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

self.addEventListener('message', (event: MessageEvent<HostMessage>) => handleHostMessage(host, event.data))
