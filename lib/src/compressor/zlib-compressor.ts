/**
 * zlib (RFC 1950, "deflate") compression of stored state through the standard `CompressionStream`,
 * which Node and browsers both have, so no Node module is needed. The format is the one Python's
 * `zlib.compress` writes.
 */
import type { Compressor } from '../persistence/index.js'

/**
 * Compresses and decompresses stored state with zlib. `COMPRESSOR_TOPIC=eventsourcing/compressor:ZlibCompressor`
 * selects it. Compression comes before encryption, since encrypted bytes do not compress.
 *
 * @example
 * ```ts
 * const app = new DogSchool({ env: { COMPRESSOR_TOPIC: 'eventsourcing/compressor:ZlibCompressor' } })
 * ```
 */
export class ZlibCompressor implements Compressor {
  /** Compresses bytes in zlib format. */
  async compress(data: Uint8Array): Promise<Uint8Array> {
    return transform(data, new CompressionStream('deflate'))
  }

  /**
   * Decompresses bytes made by {@link ZlibCompressor.compress}.
   *
   * @throws TypeError if the bytes are not zlib data or are cut short (the mapper reports a DataError).
   */
  async decompress(data: Uint8Array): Promise<Uint8Array> {
    return transform(data, new DecompressionStream('deflate'))
  }
}

async function transform(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter()
  // Failures (corrupt input) surface when the output is read; these keep them from being reported twice.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {})
  writer.close().catch(() => {})
  return new Uint8Array(await new Response(stream.readable).arrayBuffer())
}
