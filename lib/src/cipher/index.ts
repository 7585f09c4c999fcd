/**
 * `eventsourcing/cipher`: AES-256-GCM encryption of stored events through Web Crypto, for Node and
 * browsers alike. Select it with `CIPHER_TOPIC=eventsourcing/cipher:AesCipher` and `CIPHER_KEY`.
 *
 * @module
 */
export { AesCipher, CIPHER_KEY, type CipherSettings } from './aes-cipher.js'
export { PythonAesCipher } from './python-aes-cipher.js'
