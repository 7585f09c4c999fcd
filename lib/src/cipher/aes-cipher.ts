/**
 * AES-256-GCM encryption of stored state through Web Crypto (`crypto.subtle`), so the same code runs in
 * Node and in browsers. Each record gets a fresh random 12-byte nonce; GCM's 16-byte tag makes any
 * change to a stored record fail to decrypt rather than yield wrong data. A record is laid out as
 * nonce ‖ ciphertext ‖ tag (Web Crypto's own output after the nonce).
 */
import { CIPHER_KEY, CIPHER_KEY_BYTES, DataError, decodeCipherKey, type Cipher } from '../persistence/index.js'

export { CIPHER_KEY } from '../persistence/index.js'

const NONCE_BYTES = 12
const TAG_BYTES = 16

/** Where an {@link AesCipher} reads its key: an application's `Environment`, or any object with `get`. */
export interface CipherSettings {
  /** Returns the setting's value, or undefined when it is unset. */
  get(key: string): string | undefined
}

/**
 * Encrypts and decrypts stored state with AES-256-GCM. Setting `CIPHER_KEY` selects it (as does
 * `CIPHER_TOPIC=eventsourcing/cipher:AesCipher`); it reads its key from that setting.
 *
 * @example
 * ```ts
 * const app = new DogSchool({
 *   env: { CIPHER_TOPIC: 'eventsourcing/cipher:AesCipher', CIPHER_KEY: AesCipher.createKey() },
 * })
 * ```
 */
export class AesCipher implements Cipher {
  readonly #key: Promise<CryptoKey>

  /**
   * @param settings - the application's settings, holding `CIPHER_KEY`
   * @throws {@link ProgrammingError} if `CIPHER_KEY` is unset, not base64, or not 32 bytes long.
   */
  constructor(settings: CipherSettings) {
    const raw = decodeCipherKey(settings?.get(CIPHER_KEY))
    this.#key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
    // A rejection surfaces from encrypt() or decrypt(); this only keeps it from being reported unhandled.
    this.#key.catch(() => {})
  }

  /** Returns a new random key for `CIPHER_KEY`: 32 bytes, base64-encoded. */
  static createKey(): string {
    const bytes = crypto.getRandomValues(new Uint8Array(CIPHER_KEY_BYTES))
    return btoa(String.fromCharCode(...bytes))
  }

  /** Encrypts bytes under a fresh random nonce; returns nonce ‖ ciphertext ‖ tag. */
  async encrypt(plaintext: Uint8Array): Promise<Uint8Array> {
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES))
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce }, await this.#key, asBuffer(plaintext))
    const record = new Uint8Array(NONCE_BYTES + sealed.byteLength)
    record.set(nonce)
    record.set(new Uint8Array(sealed), NONCE_BYTES)
    return record
  }

  /**
   * Decrypts bytes made by {@link AesCipher.encrypt}.
   *
   * @throws {@link DataError} if the record is too short, was changed, or was encrypted under another key.
   */
  async decrypt(record: Uint8Array): Promise<Uint8Array> {
    if (record.byteLength < NONCE_BYTES + TAG_BYTES) {
      throw new DataError(
        `An encrypted record must be at least ${NONCE_BYTES + TAG_BYTES} bytes long (nonce and tag), but this ` +
          `one is ${record.byteLength}: it is not an AesCipher record, or it was cut short.`,
      )
    }
    const nonce = record.subarray(0, NONCE_BYTES)
    const sealed = record.subarray(NONCE_BYTES)
    try {
      const key = await this.#key
      return new Uint8Array(
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv: asBuffer(nonce) }, key, asBuffer(sealed)),
      )
    } catch (cause) {
      throw new DataError(
        `An encrypted record failed authentication: it was changed after it was written, or it was encrypted ` +
          `under another CIPHER_KEY. Its contents were not used.`,
        { cause },
      )
    }
  }
}

/** Gives Web Crypto a view on an ArrayBuffer (its types reject views on a SharedArrayBuffer). */
function asBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes)
}
