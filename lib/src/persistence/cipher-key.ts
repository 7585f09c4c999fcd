/**
 * The `CIPHER_KEY` setting: 32 random bytes, base64-encoded. Read here, below the cipher module, so that an
 * application can refuse a missing or malformed key when it is constructed, before anything is saved.
 */
import { ProgrammingError } from '../utils/errors.js'

/** The setting that holds the cipher's key: 32 random bytes, base64-encoded (see `AesCipher.createKey`). */
export const CIPHER_KEY = 'CIPHER_KEY'

/** The cipher used when `CIPHER_KEY` is set and `CIPHER_TOPIC` is not, as in the Python library. */
export const DEFAULT_CIPHER_TOPIC = 'eventsourcing/cipher:AesCipher'

/** The length of an AES-256 key in bytes. */
export const CIPHER_KEY_BYTES = 32

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Returns the bytes of a `CIPHER_KEY` value.
 *
 * @throws {@link ProgrammingError} if the key is unset, not base64, or not 32 bytes long.
 */
export function decodeCipherKey(key: string | undefined): Uint8Array<ArrayBuffer> {
  if (key === undefined || key.trim() === '') {
    throw new ProgrammingError(
      `AesCipher needs the setting ${CIPHER_KEY}, which is not set. Create a key once with ` +
        `AesCipher.createKey(), keep it secret, and set ${CIPHER_KEY} to it; without the same key the stored ` +
        `events cannot be read.`,
    )
  }
  const text = key.trim()
  const bytes = BASE64.test(text) ? Uint8Array.from(atob(text), (char) => char.charCodeAt(0)) : undefined
  if (bytes?.byteLength !== CIPHER_KEY_BYTES) {
    const what = bytes ? `${bytes.byteLength} bytes of base64` : 'not base64'
    throw new ProgrammingError(
      `The setting ${CIPHER_KEY} must be ${CIPHER_KEY_BYTES} bytes encoded as base64 (44 characters, as ` +
        `AesCipher.createKey() returns), but it is ${what} (${text.length} characters).`,
    )
  }
  return bytes
}
