/**
 * The cipher and compressor of a store shared with the Python library: the settings may name them as the
 * Python application does (`eventsourcing.cipher:AESCipher`, `eventsourcing.compressor:ZlibCompressor`), so
 * both sides can read one settings file, and each name is translated to the class here that reads and writes
 * the same bytes. This library's own `AesCipher` lays records out differently from Python's, so naming it is
 * refused rather than left to fail on the first read.
 */
import { CIPHER_KEY } from './cipher-key.js'
import { CIPHER_TOPIC, COMPRESSOR_TOPIC, loadTopic, type Codecs } from './infrastructure-factory.js'
import type { Cipher, Compressor } from './mapper.js'
import type { Environment } from '../utils/environment.js'
import { ProgrammingError } from '../utils/errors.js'

/** The cipher class here that reads and writes the records of Python's `AESCipher`. */
export const PYTHON_CIPHER_TOPIC = 'eventsourcing/cipher:PythonAesCipher'

const CIPHERS: Record<string, string> = {
  'eventsourcing.cipher:AESCipher': PYTHON_CIPHER_TOPIC,
  [PYTHON_CIPHER_TOPIC]: PYTHON_CIPHER_TOPIC,
}
const COMPRESSORS: Record<string, string> = {
  'eventsourcing.compressor:ZlibCompressor': 'eventsourcing/compressor:ZlibCompressor',
  'eventsourcing/compressor:ZlibCompressor': 'eventsourcing/compressor:ZlibCompressor',
}

/**
 * Loads the cipher and compressor that the settings choose for a store shared with Python: `CIPHER_TOPIC`
 * (Python's or this library's name for Python's AES-GCM layout, or any other cipher class), or
 * `CIPHER_KEY` alone, as in Python; `COMPRESSOR_TOPIC` likewise.
 *
 * @throws {@link ProgrammingError} if `CIPHER_TOPIC` names this library's own `AesCipher`, or a topic cannot
 *   be loaded.
 */
export async function loadPythonCodecs(env: Environment): Promise<Codecs> {
  const codecs: Codecs = {}
  const cipherSetting = env.get(CIPHER_TOPIC)?.trim()
  const cipherTopic = cipherSetting || (env.get(CIPHER_KEY)?.trim() ? PYTHON_CIPHER_TOPIC : undefined)
  if (cipherTopic === 'eventsourcing/cipher:AesCipher') {
    throw new ProgrammingError(
      `The setting ${CIPHER_TOPIC}=${cipherTopic} chooses this library's own record layout, which the Python ` +
        `library cannot read (it puts the tag before the ciphertext). With STORAGE_FORMAT=python, set ` +
        `${CIPHER_TOPIC}=eventsourcing.cipher:AESCipher as the Python application does, or leave it unset and ` +
        `set ${CIPHER_KEY} alone.`,
    )
  }
  if (cipherTopic) {
    const topic = CIPHERS[cipherTopic] ?? cipherTopic
    const CipherClass = (await loadTopic(topic, CIPHER_TOPIC)) as new (env: Environment) => Cipher
    codecs.cipher = new CipherClass(env)
  }
  const compressorSetting = env.get(COMPRESSOR_TOPIC)?.trim()
  if (compressorSetting) {
    const topic = COMPRESSORS[compressorSetting] ?? compressorSetting
    const CompressorClass = (await loadTopic(topic, COMPRESSOR_TOPIC)) as new () => Compressor
    codecs.compressor = new CompressorClass()
  }
  return codecs
}
