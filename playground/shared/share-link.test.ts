/** Share links carry a block's code in the fragment and refuse what is too long or damaged, with a clear reason. */
import { describe, expect, it } from 'vitest'
import {
  decodeShareFragment,
  encodeShareFragment,
  MAX_SHARE_FRAGMENT_CHARS,
  MAX_SHARED_CODE_BYTES,
  ShareLinkError,
} from './share-link'

const code = `import { Aggregate, event } from 'eventsourcing/domain'\n\nconsole.log('Fido – 🐕', [1, 2, 3])\n`

/** Raw deflate of `bytes`, in base64url: a payload as a link carries it, made without the module under test. */
async function pack(bytes: Uint8Array): Promise<string> {
  const packed = new Uint8Array(
    await new Response(
      new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw')),
    ).arrayBuffer(),
  )
  return Buffer.from(packed).toString('base64url')
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ShareLinkError)
  return (error as ShareLinkError).problem
}

describe('share links', () => {
  it('carry the block id and the code, unicode included, and read back the same', async () => {
    // Given a block's code; when it is put in a fragment and read back
    const fragment = await encodeShareFragment('defining-an-aggregate-2', code)
    // Then the fragment is URL-safe and gives back the very same id and code
    expect(fragment).toMatch(/^#share=defining-an-aggregate-2\.[A-Za-z0-9_-]+$/)
    expect(await decodeShareFragment(fragment)).toEqual({ blockId: 'defining-an-aggregate-2', code })
  })

  it('pack code smaller than it is', async () => {
    const long = code.repeat(40)
    expect((await encodeShareFragment('top-1', long)).length).toBeLessThan(long.length / 4)
  })

  it('refuse code that does not pack into the limit, saying the limit', async () => {
    // Given code that does not compress (random hex of 20,000 characters)
    const random = Array.from(crypto.getRandomValues(new Uint8Array(10_000)), (b) => b.toString(16).padStart(2, '0'))
    const promise = encodeShareFragment('top-1', random.join(''))
    expect(await problemOf(promise)).toBe('too-long')
    await expect(promise).rejects.toThrow(
      'This code is too long to share by link: its 20,000 characters do not pack into the 8,000 characters a link may have.',
    )
  })

  it('refuse a fragment longer than the limit before reading it', async () => {
    const hash = `#share=top-1.${'A'.repeat(MAX_SHARE_FRAGMENT_CHARS)}`
    expect(await problemOf(decodeShareFragment(hash))).toBe('too-long')
  })

  it('find a cut-off, altered or malformed link garbled', async () => {
    const fragment = await encodeShareFragment('top-1', code.repeat(5))
    for (const hash of [
      fragment.slice(0, -12),
      fragment.replace('.', '.zz'),
      '#share=top-1',
      '#share=.abc',
      '#share=top-1.not*base64',
      '#share=%E0%A4%A.AAAA',
    ]) {
      expect(await problemOf(decodeShareFragment(hash)), hash).toBe('garbled')
    }
  })

  it('find code that is not UTF-8 garbled', async () => {
    const payload = await pack(new Uint8Array([0x63, 0xff, 0xfe, 0x64]))
    expect(await problemOf(decodeShareFragment(`#share=top-1.${payload}`))).toBe('garbled')
  })

  it('refuse a short link that unpacks to more than the code limit', async () => {
    // Given a link crafted to unpack to far more than any block: a megabyte of one letter packs into about 1 KB
    const payload = await pack(new Uint8Array(4 * MAX_SHARED_CODE_BYTES).fill(0x61))
    expect(payload.length).toBeLessThan(MAX_SHARE_FRAGMENT_CHARS)
    // Then it is refused, not unpacked into the page
    expect(await problemOf(decodeShareFragment(`#share=top-1.${payload}`))).toBe('garbled')
  })
})
