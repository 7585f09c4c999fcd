import { describe, expect, it } from 'vitest'
import { ZlibCompressor } from './zlib-compressor.js'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('ZlibCompressor', () => {
  it('decompresses what it compressed, and makes repetitive state smaller', async () => {
    const compressor = new ZlibCompressor()
    const state = bytes('{"trick":"roll over"}'.repeat(20))
    const compressed = await compressor.compress(state)
    expect(compressed.length).toBeLessThan(state.length / 4)
    expect(await compressor.decompress(compressed)).toEqual(state)
  })

  it("writes the zlib format (RFC 1950), as Python's zlib.compress does", async () => {
    const compressed = await new ZlibCompressor().compress(bytes('Fido'))
    // A zlib stream starts with CMF 0x78 and a header whose 16-bit value is a multiple of 31.
    expect(compressed[0]).toBe(0x78)
    expect(((compressed[0]! << 8) | compressed[1]!) % 31).toBe(0)
  })

  it('decompresses zlib data written elsewhere', async () => {
    // zlib.compress(b'Fido') in Python
    const fromPython = Uint8Array.from([120, 156, 115, 203, 76, 201, 7, 0, 3, 142, 1, 131])
    expect(new TextDecoder().decode(await new ZlibCompressor().decompress(fromPython))).toBe('Fido')
  })

  it('rejects data that is not zlib, or is cut short', async () => {
    const compressor = new ZlibCompressor()
    await expect(compressor.decompress(bytes('not zlib data'))).rejects.toThrow()
    const compressed = await compressor.compress(bytes('roll over, fetch ball, play dead'))
    await expect(compressor.decompress(compressed.subarray(0, compressed.length - 3))).rejects.toThrow()
  })
})
