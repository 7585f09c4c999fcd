/**
 * AES-GCM with the record layout of the Python library's `AESCipher`: nonce (12 bytes) ‖ tag (16 bytes) ‖
 * ciphertext, under a 16-, 24- or 32-byte key given as base64 in `CIPHER_KEY`. Web Crypto appends the tag to
 * the ciphertext, so this class moves it; otherwise it is {@link AesCipher}'s algorithm.
 */
import { CIPHER_KEY, DataError, ProgrammingError, type Cipher } from '../persistence/index.js'
import type { CipherSettings } from './aes-cipher.js'

const NONCE_BYTES = 12
const TAG_BYTES = 16
const KEY_SIZES = new Set([16, 24, 32])
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Encrypts and decrypts stored state as the Python library's `AESCipher` does, so that either library reads
 * the other's records. `STORAGE_FORMAT=python` with `CIPHER_KEY` (or `CIPHER_TOPIC=eventsourcing.cipher:AESCipher`)
 * selects it.
 *
 * @example
 * ```ts
 * const env = { STORAGE_FORMAT: 'python', CIPHER_KEY: 'the key the Python application uses' }
 * ```
 */
export class PythonAesCipher implements Cipher {
  readonly #key: Promise<CryptoKey>

  /**
   * @param settings - the application's settings, holding `CIPHER_KEY`
   * @throws {@link ProgrammingError} if `CIPHER_KEY` is unset, not base64, or not 16, 24 or 32 bytes long.
   */
  constructor(settings: CipherSettings) {
    const text = settings?.get(CIPHER_KEY)?.trim() ?? ''
    const raw = BASE64.test(text) && text !== '' ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0)) : undefined
    if (raw === undefined || !KEY_SIZES.has(raw.byteLength)) {
      const what = text === '' ? 'not set' : raw ? `${raw.byteLength} bytes of base64` : 'not base64'
      throw new ProgrammingError(
        `The Python library's AESCipher needs the setting ${CIPHER_KEY}: 16, 24 or 32 bytes encoded as base64, ` +
          `the key the Python application uses (AESCipher.create_key(32)). It is ${what}.`,
      )
    }
    this.#key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
    this.#key.catch(() => {})
  }

  /** Encrypts bytes under a fresh random nonce; returns nonce ‖ tag ‖ ciphertext. */
  async encrypt(plaintext: Uint8Array): Promise<Uint8Array> {
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES))
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce }, await this.#key, asBuffer(plaintext)),
    )
    const ciphertextBytes = sealed.byteLength - TAG_BYTES
    const record = new Uint8Array(NONCE_BYTES + sealed.byteLength)
    record.set(nonce)
    record.set(sealed.subarray(ciphertextBytes), NONCE_BYTES)
    record.set(sealed.subarray(0, ciphertextBytes), NONCE_BYTES + TAG_BYTES)
    return record
  }

  /**
   * Decrypts a record made by {@link PythonAesCipher.encrypt} or by Python's `AESCipher`.
   *
   * @throws {@link DataError} if the record is too short, was changed, or was encrypted under another key.
   */
  async decrypt(record: Uint8Array): Promise<Uint8Array> {
    if (record.byteLength < NONCE_BYTES + TAG_BYTES) {
      throw new DataError(
        `An encrypted record must be at least ${NONCE_BYTES + TAG_BYTES} bytes long (nonce and tag), but this ` +
          `one is ${record.byteLength}: it is not an AESCipher record, or it was cut short.`,
      )
    }
    const nonce = record.slice(0, NONCE_BYTES)
    const sealed = new Uint8Array(record.byteLength - NONCE_BYTES)
    sealed.set(record.subarray(NONCE_BYTES + TAG_BYTES))
    sealed.set(record.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES), sealed.byteLength - TAG_BYTES)
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce }, await this.#key, sealed))
    } catch (cause) {
      throw new DataError(
        `An encrypted record failed authentication: it was changed after it was written, it was encrypted ` +
          `under another CIPHER_KEY, or it has another layout than Python's AESCipher. Its contents were not used.`,
        { cause },
      )
    }
  }
}

/** Gives Web Crypto a view on an ArrayBuffer (its types reject views on a SharedArrayBuffer). */
function asBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes)
}
