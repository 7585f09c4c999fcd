/**
 * `eventsourcing/compressor`: zlib compression of stored events through the standard
 * `CompressionStream`, for Node and browsers alike. Select it with
 * `COMPRESSOR_TOPIC=eventsourcing/compressor:ZlibCompressor`.
 *
 * @module
 */
export { ZlibCompressor } from './zlib-compressor.js'
