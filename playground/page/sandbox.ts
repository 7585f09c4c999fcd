// Browser only.
/**
 * The sandbox runs execute in: a hidden `sandbox="allow-scripts"` iframe, whose document has an opaque origin and a
 * Content Security Policy that allows no connection (`sandboxPolicy`), makes a classic worker per run from a `data:`
 * URL, so the worker has an opaque origin too, and inherits that policy. The run's code can then not read the site's
 * `localStorage`, IndexedDB or caches, not script or navigate the page, and not send anything anywhere. Why a
 * classic worker from a `data:` URL: Chromium starts no module worker from a `blob:` or `data:` URL in an opaque
 * origin (a classic worker may still `import()`), and a worker from a `blob:` URL there is not a secure context, so
 * it lacks `crypto.subtle`, which the library's cipher needs. The page keeps one `MessagePort` to each worker and
 * answers its requests: the contents of the runtime modules' files (only those), the page's database channel (only
 * that one), and the page's SQLite images.
 */
import { IndexedDbImageStore } from 'eventsourcing/sqlite'
import type { WorkerListener, WorkerPort } from '../host/run-host'
import { messages } from '../shared/messages'
import {
  sandboxPolicy,
  type FrameCommand,
  type FrameReport,
  type ImageOperation,
  type SandboxError,
  type SandboxHostMessage,
  type SandboxWorkerMessage,
} from '../shared/sandbox-protocol'

/** Options of {@link createSandbox}. */
export interface SandboxOptions {
  /** The URL of the run worker's script (`SANDBOX_WORKER_FILE`), whose text the page hands to the sandbox. */
  workerScript: string
  /** The site URLs of the runtime modules' files: the only files a run is given. */
  files: readonly string[]
  /** The page's database channel: the only `BroadcastChannel` a run may reach. */
  databaseChannel: string
}

/** Where runs execute. */
export interface Sandbox {
  /** Starts a worker in the sandbox (its messages wait on its port until it runs). */
  spawn(): WorkerPort
}

/**
 * The frame's script, inlined in its document: it makes the workers and ends them, and reports a worker that could
 * not start. It listens to the page only; the workers talk to the page on their own ports, never to the frame.
 */
function frameScript(): void {
  const workers = new Map<number, Worker>()
  let script: string | undefined
  const report = (message: FrameReport) => parent.postMessage(message, '*')
  addEventListener('message', (event: MessageEvent<FrameCommand>) => {
    if (event.source !== parent) return
    const command = event.data
    if (command.type === 'worker-script') {
      script = `data:text/javascript;charset=utf-8,${encodeURIComponent(command.code)}`
    } else if (command.type === 'spawn' && script !== undefined) {
      const worker = new Worker(script, { name: 'playground-run' })
      worker.onerror = (event) => {
        event.preventDefault()
        report({ type: 'worker-error', id: command.id, message: event.message })
      }
      worker.postMessage(command.port, [command.port])
      workers.set(command.id, worker)
    } else if (command.type === 'terminate') {
      workers.get(command.id)?.terminate()
      workers.delete(command.id)
    }
  })
  report({ type: 'frame-ready' })
}

/** Opens the sandbox's frame; resolves with its window once its script listens and has the workers' script. */
function openFrame(workerScript: string, onReport: (report: FrameReport) => void): Promise<Window> {
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16)).join('')
  const frame = document.createElement('iframe')
  frame.setAttribute('sandbox', 'allow-scripts')
  frame.setAttribute('aria-hidden', 'true')
  frame.tabIndex = -1
  frame.hidden = true
  frame.srcdoc =
    `<!doctype html><meta http-equiv="Content-Security-Policy" content="${sandboxPolicy(nonce)}">` +
    `<script nonce="${nonce}">(${frameScript.toString()})()</script>`
  const script = fetch(workerScript)
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      return response.text()
    })
    .catch((error: unknown) => {
      throw new Error(messages.sandboxFileFailed(workerScript, reason(error)))
    })
  return new Promise((resolve, reject) => {
    const listen = (event: MessageEvent<FrameReport>) => {
      if (event.source !== frame.contentWindow || event.source === null) return
      if (event.data.type !== 'frame-ready') return onReport(event.data)
      const window = event.source as Window
      script.then(
        (code) => {
          window.postMessage({ type: 'worker-script', code } satisfies FrameCommand, '*')
          resolve(window)
        },
        (error: unknown) => {
          // A frame without its workers' script is of no use: the next spawn opens another.
          removeEventListener('message', listen)
          frame.remove()
          reject(error)
        },
      )
    }
    addEventListener('message', listen)
    document.body.append(frame)
  })
}

/** A worker of the sandbox, as the page knows it: who listens, and why it could not start, if it could not. */
interface SandboxWorker {
  listener?: WorkerListener
  failure?: string
}

/** Opens the page's sandbox: its frame at once (opened again if it failed), and a worker per spawn. */
export function createSandbox(options: SandboxOptions): Sandbox {
  const allowed = new Set(options.files)
  const files = new Map<string, Promise<string | ArrayBuffer>>()
  const images = new IndexedDbImageStore()
  const workers = new Map<number, SandboxWorker>()
  let nextId = 1
  // A worker that failed before the run host listens (the spare) reports it when the host does.
  const fail = (id: number, message: string) => {
    const worker = workers.get(id)
    if (worker === undefined) return
    worker.failure ??= message
    worker.listener?.error({ message })
  }
  let frame: Promise<Window> | undefined
  const openedFrame = () => {
    if (frame === undefined) {
      frame = openFrame(options.workerScript, (report) => {
        if (report.type === 'worker-error') fail(report.id, report.message)
      })
      frame.catch(() => (frame = undefined))
    }
    return frame
  }
  // The frame opens, and the scripts load, while the first run compiles.
  openedFrame()

  const command = (message: FrameCommand, transfer: Transferable[] = []) => {
    openedFrame().then(
      (window) => window.postMessage(message, '*', transfer),
      (error: unknown) => {
        if (message.type === 'spawn') fail(message.id, reason(error))
      },
    )
  }

  const file = (url: string): Promise<string | ArrayBuffer> => {
    let contents = files.get(url)
    if (contents === undefined) {
      contents = fetch(url).then((response): Promise<string | ArrayBuffer> => {
        if (!response.ok) throw new Error(messages.sandboxFileFailed(url, `HTTP ${response.status}`))
        return url.endsWith('.wasm') ? response.arrayBuffer() : response.text()
      })
      files.set(url, contents)
      contents.catch(() => files.delete(url))
    }
    return contents
  }

  // Every worker is given the scripts with its first message, so that it imports the library without asking for
  // each file (a file that failed to load is asked for again, and its failure reported, when it is imported).
  const scripts: Promise<Record<string, string>> = Promise.allSettled(
    options.files.filter((url) => url.endsWith('.js')).map(async (url) => [url, (await file(url)) as string] as const),
  ).then((results) =>
    Object.fromEntries(results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))),
  )

  const image = async (operation: ImageOperation): Promise<Uint8Array | undefined> => {
    if (operation.op === 'load') return images.load(operation.dbName)
    if (operation.op === 'save') await images.save(operation.dbName, operation.image)
    else await images.delete(operation.dbName)
    return undefined
  }

  return {
    spawn() {
      const id = nextId++
      workers.set(id, {})
      const { port1: port, port2 } = new MessageChannel()
      let channel: BroadcastChannel | undefined
      const send = (message: SandboxHostMessage) => port.postMessage(message)
      const answer = (message: SandboxWorkerMessage) => {
        switch (message.type) {
          case 'file-request':
            if (!allowed.has(message.url)) {
              send({ type: 'file', url: message.url, ok: false, error: messages.sandboxFileRefused(message.url) })
              break
            }
            file(message.url).then(
              (contents) => send({ type: 'file', url: message.url, ok: true, contents }),
              (error: unknown) => send({ type: 'file', url: message.url, ok: false, error: reason(error) }),
            )
            break
          case 'database-channel':
            if (message.name !== options.databaseChannel) break
            if (channel === undefined) {
              channel = new BroadcastChannel(message.name)
              channel.onmessage = (event) => send({ type: 'database-channel', message: event.data })
            }
            channel.postMessage(message.message)
            break
          case 'image-request': {
            const { id: requestId, type: _type, ...operation } = message
            image(operation).then(
              (result) => send({ type: 'image', id: requestId, ok: true, ...(result ? { image: result } : {}) }),
              (error: unknown) => send({ type: 'image', id: requestId, ok: false, error: serialize(error) }),
            )
            break
          }
          default:
            workers.get(id)?.listener?.message(message)
        }
      }
      port.onmessage = (event: MessageEvent<SandboxWorkerMessage>) => answer(event.data)
      const opened = scripts.then((contents) => send({ type: 'runtime-files', urls: [...allowed], contents }))
      command({ type: 'spawn', id, port: port2 }, [port2])
      return {
        postMessage: (message) => void opened.then(() => send(message)),
        listen(listener) {
          const worker = workers.get(id)
          if (worker === undefined) return
          worker.listener = listener
          if (worker.failure !== undefined) listener.error({ message: worker.failure })
        },
        terminate() {
          command({ type: 'terminate', id })
          workers.delete(id)
          channel?.close()
          port.close()
        },
      }
    },
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** An error as {@link SandboxError}, with its cause's name and message (the reader's note names the cause). */
function serialize(error: unknown): SandboxError {
  const plain = (value: unknown) =>
    value instanceof Error ? { name: value.name, message: value.message } : { name: 'Error', message: String(value) }
  const cause = (error as { cause?: unknown })?.cause
  return { ...plain(error), ...(cause === undefined ? {} : { cause: plain(cause) }) }
}
