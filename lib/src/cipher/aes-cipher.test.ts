import { describe, expect, it } from 'vitest'
import { AesCipher } from './aes-cipher.js'
import { isDataError, isProgrammingError } from '../persistence/index.js'

const settings = (key: string | undefined) => ({ get: (name: string) => (name === 'CIPHER_KEY' ? key : undefined) })
const bytes = (text: string) => new TextEncoder().encode(text)
const text = (data: Uint8Array) => new TextDecoder().decode(data)

describe('AesCipher', () => {
  it('creates base64 keys of 32 random bytes', () => {
    const [one, two] = [AesCipher.createKey(), AesCipher.createKey()]
    expect(one).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(atob(one)).toHaveLength(32)
    expect(one).not.toBe(two)
  })

  it('decrypts what it encrypted', async () => {
    const cipher = new AesCipher(settings(AesCipher.createKey()))
    expect(text(await cipher.decrypt(await cipher.encrypt(bytes('roll over'))))).toBe('roll over')
    expect(text(await cipher.decrypt(await cipher.encrypt(new Uint8Array())))).toBe('')
  })

  it('uses a fresh nonce for each record, so equal plaintexts give different records', async () => {
    const cipher = new AesCipher(settings(AesCipher.createKey()))
    const [one, two] = [await cipher.encrypt(bytes('fetch ball')), await cipher.encrypt(bytes('fetch ball'))]
    expect(one.subarray(0, 12)).not.toEqual(two.subarray(0, 12))
    expect(one).toHaveLength(12 + 'fetch ball'.length + 16)
  })

  it('rejects a changed record with DataError instead of returning wrong data', async () => {
    const cipher = new AesCipher(settings(AesCipher.createKey()))
    const record = await cipher.encrypt(bytes('play dead'))
    for (const index of [0, 12, record.length - 1]) {
      const changed = record.slice()
      changed[index]! ^= 1
      await expect(cipher.decrypt(changed)).rejects.toSatisfy(isDataError)
    }
  })

  it('rejects a record encrypted under another key with DataError', async () => {
    const record = await new AesCipher(settings(AesCipher.createKey())).encrypt(bytes('sit'))
    const error = await new AesCipher(settings(AesCipher.createKey())).decrypt(record).catch((e: unknown) => e)
    expect(isDataError(error)).toBe(true)
    expect((error as Error).message).toContain('encrypted under another CIPHER_KEY')
  })

  it('rejects a record too short to hold a nonce and tag with DataError', async () => {
    const cipher = new AesCipher(settings(AesCipher.createKey()))
    await expect(cipher.decrypt(new Uint8Array(27))).rejects.toThrow('at least 28 bytes long')
  })

  it('rejects a missing CIPHER_KEY with a ProgrammingError that says how to make one', () => {
    expect(() => new AesCipher(settings(undefined))).toThrow(
      expect.objectContaining({ name: 'ProgrammingError', message: expect.stringContaining('AesCipher.createKey()') }),
    )
  })

  it.each([
    ['not base64', 'this is not base64!'],
    ['16 bytes of base64', btoa('0123456789abcdef')],
    ['33 bytes of base64', btoa('0123456789abcdef0123456789abcdef!')],
  ])('rejects a CIPHER_KEY that is %s with a ProgrammingError', (what, key) => {
    let error: unknown
    try {
      new AesCipher(settings(key))
    } catch (e) {
      error = e
    }
    expect(isProgrammingError(error)).toBe(true)
    expect((error as Error).message).toContain(`must be 32 bytes encoded as base64`)
    expect((error as Error).message).toContain(`it is ${what}`)
  })
})
