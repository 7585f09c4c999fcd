import { describe, expect, it } from 'vitest'
import { remoteImageStore } from './remote-image-store'
import { withMemoryFallback } from './fallback-image-store'
import type { ImageOperation, SandboxError } from '../shared/sandbox-protocol'

/** A remote store whose page keeps images in a Map, or refuses every operation with `refusal`. */
function storeOverPage(refusal?: SandboxError) {
  const kept = new Map<string, Uint8Array>()
  const requests: ImageOperation['op'][] = []
  const client = remoteImageStore('the page', (request) => {
    requests.push(request.op)
    // The page answers later, as a message does.
    queueMicrotask(() => {
      if (refusal) return client.answer(request.id, { ok: false, error: refusal })
      if (request.op === 'save') kept.set(request.dbName, request.image)
      if (request.op === 'delete') kept.delete(request.dbName)
      const image = request.op === 'load' ? kept.get(request.dbName) : undefined
      client.answer(request.id, image ? { ok: true, image } : { ok: true })
    })
  })
  return { store: client.store, kept, requests }
}

describe('a sandboxed run’s SQLite image store', () => {
  it('loads, saves and deletes images through the page', async () => {
    const { store, kept, requests } = storeOverPage()
    expect(await store.load('dogschool.db')).toBeUndefined()
    await store.save('dogschool.db', new Uint8Array([1, 2, 3]))
    expect(kept.get('dogschool.db')).toEqual(new Uint8Array([1, 2, 3]))
    expect(await store.load('dogschool.db')).toEqual(new Uint8Array([1, 2, 3]))
    await store.delete('dogschool.db')
    expect(await store.load('dogschool.db')).toBeUndefined()
    expect(requests).toEqual(['load', 'save', 'load', 'delete', 'load'])
    expect(store.description).toBe('the page')
  })

  it('rejects with the page’s error and its cause, which the memory fallback names to the reader', async () => {
    const refusal: SandboxError = {
      name: 'OperationalError',
      message: "Could not save the SQLite database 'dogschool.db'.",
      cause: { name: 'QuotaExceededError', message: 'The quota has been exceeded.' },
    }
    const { store } = storeOverPage(refusal)
    const error = await store.save('dogschool.db', new Uint8Array([1])).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'OperationalError', message: refusal.message })
    expect((error as Error).cause).toMatchObject({ name: 'QuotaExceededError' })

    const notes: string[] = []
    const fallback = withMemoryFallback(store, (dbName, reason) => notes.push(`${dbName}: ${reason}`))
    await fallback.save('dogschool.db', new Uint8Array([4]))
    expect(await fallback.load('dogschool.db')).toEqual(new Uint8Array([4]))
    expect(notes).toEqual(['dogschool.db: QuotaExceededError: The quota has been exceeded.'])
  })
})
