import { beforeEach, describe, expect, it } from 'vitest'
import { Aggregate, DomainEvent, event, registry } from '../domain/index.js'
import { DataError } from './errors.js'
import { Mapper, type Cipher, type Compressor } from './mapper.js'
import { JSONTranscoder } from './transcoder.js'

beforeEach(() => registry.reset())

function dogEvents() {
  @event('Registered')
  class Dog extends Aggregate {
    name: string
    born: Date
    constructor({ name, born }: { name: string; born: Date }) {
      super()
      this.name = name
      this.born = born
    }
  }
  return new Dog({ name: 'Fido', born: new Date('2020-01-01T00:00:00Z') }).collectEvents()
}

const reverse: Cipher = {
  encrypt: (bytes) => Uint8Array.from(bytes).reverse(),
  decrypt: (bytes) => {
    if (bytes[bytes.length - 1] !== '{'.charCodeAt(0)) throw new Error('authentication failed')
    return Uint8Array.from(bytes).reverse()
  },
}
const identity: Compressor = { compress: async (bytes) => bytes, decompress: async (bytes) => bytes }

describe('Mapper', () => {
  it('stores an event as topic and state, and rebuilds an equal frozen event', async () => {
    const mapper = new Mapper({ transcoder: new JSONTranscoder() })
    const [registered] = dogEvents()
    const stored = await mapper.toStoredEvent(registered!)
    expect(stored.topic).toBe('Dog.Registered')
    expect(stored.originatorId).toBe(registered!.originatorId)
    expect(stored.originatorVersion).toBe(1)
    expect(new TextDecoder().decode(stored.state)).toContain('"name":"Fido"')
    // State read back from a database is new bytes, which are decoded.
    const copy = await mapper.toDomainEvent({ ...stored, state: new Uint8Array(stored.state) })
    expect(copy).not.toBe(registered)
    expect(copy).toStrictEqual(registered)
    expect(Object.isFrozen(copy)).toBe(true)
    // The very bytes it encoded (kept by the in-memory store) give back the frozen event itself.
    expect(await mapper.toDomainEvent(stored)).toBe(registered)
  })

  it('applies the compressor and the cipher, and reports a tampered record as DataError', async () => {
    const mapper = new Mapper({ transcoder: new JSONTranscoder(), cipher: reverse, compressor: identity })
    const [registered] = dogEvents()
    const stored = await mapper.toStoredEvent(registered!)
    expect(new TextDecoder().decode(stored.state)).not.toContain('"name":"Fido"')
    expect(await mapper.toDomainEvent({ ...stored, state: new Uint8Array(stored.state) })).toStrictEqual(registered)
    const tampered = { ...stored, state: stored.state.slice(0, -1) }
    await expect(mapper.toDomainEvent(tampered)).rejects.toThrow(DataError)
    await expect(mapper.toDomainEvent(tampered)).rejects.toThrow(/could not be decrypted: it was tampered with/)
  })

  it('reports state that is not an event as DataError, naming the record', async () => {
    const mapper = new Mapper({ transcoder: new JSONTranscoder() })
    const [registered] = dogEvents()
    const stored = await mapper.toStoredEvent(registered!)
    const corrupt = { ...stored, state: new TextEncoder().encode('[1, 2]') }
    await expect(mapper.toDomainEvent(corrupt)).rejects.toThrow(
      `The stored event Dog.Registered of aggregate ${stored.originatorId} at version 1 has state that is not an object`,
    )
    const garbage = { ...stored, state: new Uint8Array([1, 2, 3]) }
    await expect(mapper.toDomainEvent(garbage)).rejects.toThrow(DataError)
    const noTimestamp = { ...stored, state: new TextEncoder().encode('{"name":"Fido"}') }
    await expect(mapper.toDomainEvent(noTimestamp)).rejects.toThrow(/is not a valid Registered: .* timestamp/)
  })

  it('refuses an event whose class has no topic, and a stored topic that names no class', async () => {
    class Loose extends DomainEvent {}
    const mapper = new Mapper({ transcoder: new JSONTranscoder() })
    const loose = Loose.create({ originatorId: 'x', originatorVersion: 1, timestamp: new Date() })
    await expect(mapper.toStoredEvent(loose)).rejects.toThrow(/has no registered topic/)
    const stored = { originatorId: 'x', originatorVersion: 1, topic: 'Nope.Nothing', state: new Uint8Array() }
    await expect(mapper.toDomainEvent(stored)).rejects.toThrow(/No class is registered under the topic 'Nope.Nothing'/)
  })

  it('never hands an event it remembers on the bytes to another mapper, which must decrypt them itself', async () => {
    const [registered] = dogEvents()
    const writer = new Mapper({ transcoder: new JSONTranscoder(), cipher: reverse })
    const stored = await writer.toStoredEvent(registered!)
    const failing: Cipher = {
      encrypt: (bytes) => bytes,
      decrypt: () => {
        throw new Error('wrong key')
      },
    }
    const otherKey = new Mapper({ transcoder: new JSONTranscoder(), cipher: failing })
    await expect(otherKey.toDomainEvent(stored)).rejects.toThrow(DataError)
    const noKey = new Mapper({ transcoder: new JSONTranscoder() })
    await expect(noKey.toDomainEvent(stored)).rejects.toThrow(DataError)
    expect(await writer.toDomainEvent(stored)).toBe(registered)
  })
})
