// Worker.
/**
 * A sandboxed run's SQLite image store: the page keeps the images in its IndexedDB (`eventsourcing/sqlite`'s store),
 * which a worker with an opaque origin may not open, so each load, save and delete is a request to the page.
 */
import type { ImageStore } from './fallback-image-store'
import type { ImageOperation, SandboxError } from '../shared/sandbox-protocol'

/** The answers to an image store's requests, as the worker hears them. */
export interface ImageStoreClient {
  store: ImageStore
  /** Settles the request `id` with the page's answer. */
  answer(id: number, answer: { ok: true; image?: Uint8Array } | { ok: false; error: SandboxError }): void
}

/** An image store whose operations `send` carries to the page. */
export function remoteImageStore(
  description: string,
  send: (request: { id: number } & ImageOperation) => void,
): ImageStoreClient {
  const pending = new Map<number, { resolve(image?: Uint8Array): void; reject(error: Error): void }>()
  let nextId = 1
  const request = (operation: ImageOperation) =>
    new Promise<Uint8Array | undefined>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      send({ id, ...operation })
    })
  return {
    store: {
      description,
      load: (dbName) => request({ op: 'load', dbName }),
      save: async (dbName, image) => void (await request({ op: 'save', dbName, image })),
      delete: async (dbName) => void (await request({ op: 'delete', dbName })),
    },
    answer(id, answer) {
      const waiting = pending.get(id)
      pending.delete(id)
      if (answer.ok) waiting?.resolve(answer.image)
      else waiting?.reject(rebuild(answer.error))
    },
  }
}

function rebuild(error: SandboxError): Error {
  const rebuilt = new Error(error.message, error.cause ? { cause: rebuild(error.cause) } : undefined)
  rebuilt.name = error.name
  return rebuilt
}
