// Pure.
/**
 * The fragment of a share link: `#share=<block id>.<code>`, where the code is UTF-8, compressed with the
 * platform's `CompressionStream('deflate-raw')` and written in base64url. The fragment never reaches a server, so
 * shared code stays between the people who pass the link on.
 *
 * Native compression rather than a library such as lz-string: it adds nothing to the page's JavaScript and packs
 * code tighter; that it is asynchronous costs nothing here, since sharing follows a click and opening a link
 * follows the page load. Browsers, workers and Node have it, so the same module is tested in Node.
 */
import { shareMessages as messages } from './share-messages'

/** The start of a share link's fragment (`location.hash`). */
export const SHARE_FRAGMENT_PREFIX = '#share='

/**
 * The longest fragment a share link may have, in characters. Browsers take far longer addresses, but chat tools,
 * mail and forums cut or refuse long links; 8,000 characters hold some 20 KB of code (24 KB of the site's own examples).
 */
export const MAX_SHARE_FRAGMENT_CHARS = 8_000

/**
 * The most code a link may unpack to, in bytes: a link of at most `MAX_SHARE_FRAGMENT_CHARS` characters that
 * unpacks to more was crafted to, and is refused before it fills the page's memory.
 */
export const MAX_SHARED_CODE_BYTES = 256 * 1024

/** Why a share link could not be made or read. */
export type ShareLinkProblem = 'too-long' | 'garbled'

/** A share link that cannot be made (the code is too long) or read (cut off, altered, too long). */
export class ShareLinkError extends Error {
  override name = 'ShareLinkError'
  constructor(
    readonly problem: ShareLinkProblem,
    message: string,
  ) {
    super(message)
  }
}

/** What a share link carries. */
export interface SharedCode {
  /** The id of the block the code is for (`block-ids.ts`). */
  blockId: string
  code: string
}

/** Whether a fragment (`location.hash`) is a share link's. */
export function isShareFragment(hash: string): boolean {
  return hash.startsWith(SHARE_FRAGMENT_PREFIX)
}

/**
 * Makes the fragment that shares `code` in the block `blockId`, with its `#`.
 * @throws {ShareLinkError} `too-long` when the fragment would be longer than `MAX_SHARE_FRAGMENT_CHARS`.
 */
export async function encodeShareFragment(blockId: string, code: string): Promise<string> {
  const prefix = `${SHARE_FRAGMENT_PREFIX}${encodeURIComponent(blockId)}.`
  // Base64 writes 3 bytes as 4 characters: packed code longer than this cannot fit.
  const room = Math.floor(((MAX_SHARE_FRAGMENT_CHARS - prefix.length) * 3) / 4)
  const packed = await transform(new TextEncoder().encode(code), new CompressionStream('deflate-raw'), room)
  const fragment = packed && prefix + toBase64Url(packed)
  if (!fragment || fragment.length > MAX_SHARE_FRAGMENT_CHARS) {
    throw new ShareLinkError('too-long', messages.shareTooLong(code.length, MAX_SHARE_FRAGMENT_CHARS))
  }
  return fragment
}

/**
 * Reads a share link's fragment (`location.hash`, with its `#`).
 * @throws {ShareLinkError} `too-long` for a fragment longer than `MAX_SHARE_FRAGMENT_CHARS`; `garbled` when it is
 *   not a share fragment, its block id or code is damaged, or the code unpacks to more than `MAX_SHARED_CODE_BYTES`.
 */
export async function decodeShareFragment(hash: string): Promise<SharedCode> {
  if (hash.length > MAX_SHARE_FRAGMENT_CHARS) {
    throw new ShareLinkError('too-long', messages.sharedTooLong(hash.length, MAX_SHARE_FRAGMENT_CHARS))
  }
  const garbled = () => new ShareLinkError('garbled', messages.sharedGarbled)
  const match = /^#share=([^.]+)\.([A-Za-z0-9_-]+)$/.exec(hash)
  if (!match) throw garbled()
  let blockId: string
  let code: string
  try {
    blockId = decodeURIComponent(match[1]!)
    const bytes = await transform(
      fromBase64Url(match[2]!),
      new DecompressionStream('deflate-raw'),
      MAX_SHARED_CODE_BYTES,
    )
    if (!bytes) throw garbled()
    code = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw garbled()
  }
  return { blockId, code }
}

/**
 * Runs bytes through a (de)compression stream; `undefined` as soon as the output passes `limitBytes`, without
 * reading (or unpacking) the rest.
 */
async function transform(
  input: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limitBytes: number,
): Promise<Uint8Array | undefined> {
  const writer = stream.writable.getWriter()
  // Written without waiting: the readable side must be read as it fills, or a large input stalls the stream.
  const written = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close())
  written.catch(() => undefined)
  const reader = stream.readable.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength
    if (size > limitBytes) {
      await reader.cancel()
      return undefined
    }
    chunks.push(read.value)
  }
  await written
  const output = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    output.set(chunk, offset)
    offset += chunk.byteLength
  }
  return output
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}
