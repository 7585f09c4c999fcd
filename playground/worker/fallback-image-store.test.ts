import { describe, expect, it } from 'vitest'
import { withMemoryFallback, type ImageStore } from './fallback-image-store'

/** A store that keeps images until `full` is set, then refuses saves as a browser over its quota does. */
function quotaStore() {
  const images = new Map<string, Uint8Array>()
  const store = {
    full: false as boolean,
    description: 'a test store',
    async load(name: string) {
      return images.get(name)
    },
    async save(name: string, image: Uint8Array) {
      if (store.full)
        throw new Error('Could not save', { cause: Object.assign(new Error(''), { name: 'QuotaExceededError' }) })
      images.set(name, image)
    },
    async delete(name: string) {
      images.delete(name)
    },
  } satisfies ImageStore & { full: boolean }
  return { store, images }
}

describe('the run’s SQLite image store', () => {
  it('stores in the browser’s store while it accepts, then in memory, and tells once why', async () => {
    const { store, images } = quotaStore()
    const notes: string[] = []
    const fallback = withMemoryFallback(store, (name, reason) => notes.push(`${name}: ${reason}`))
    await fallback.save('dogs.db', new Uint8Array([1]))
    expect(images.get('dogs.db')).toEqual(new Uint8Array([1]))
    store.full = true
    await fallback.save('dogs.db', new Uint8Array([2]))
    await fallback.save('dogs.db', new Uint8Array([3]))
    expect(await fallback.load('dogs.db')).toEqual(new Uint8Array([3]))
    expect(images.get('dogs.db')).toEqual(new Uint8Array([1]))
    expect(notes).toEqual(['dogs.db: QuotaExceededError'])
  })

  it('keeps other databases in the browser’s store', async () => {
    const { store, images } = quotaStore()
    const fallback = withMemoryFallback(store, () => {})
    store.full = true
    await fallback.save('first.db', new Uint8Array([1]))
    store.full = false
    await fallback.save('second.db', new Uint8Array([2]))
    expect([...images.keys()]).toEqual(['second.db'])
  })
})
