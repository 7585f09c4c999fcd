/**
 * Turns event state into bytes and back. The JSON transcoder round-trips what JSON cannot hold on its
 * own (Dates, Maps, Sets, bytes, bigints, undefined, non-finite numbers) and any class for which a
 * {@link Transcoding} is registered, by tagging such values as `{ "_type_": name, "_data_": … }`.
 */
import { TranscodingError } from './errors.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

/** Encodes values to bytes and decodes them back. */
export interface Transcoder {
  /** Encodes a value as bytes. @throws {@link TranscodingError} if the value cannot be encoded. */
  encode(value: unknown): Uint8Array
  /** Decodes bytes made by {@link Transcoder.encode}. @throws {@link TranscodingError} if they are not valid. */
  decode(bytes: Uint8Array): unknown
}

/**
 * How to store values of one class: a name for the tag, and functions to turn an instance into
 * JSON-compatible data (which may itself contain transcodable values) and back.
 *
 * @example
 * ```ts
 * transcoder.register({
 *   name: 'money',
 *   type: Money,
 *   encode: (money) => ({ cents: money.cents, currency: money.currency }),
 *   decode: (data) => new Money(data.cents, data.currency),
 * })
 * ```
 */
export interface Transcoding<T = any, D = any> {
  /** The tag stored with encoded values. Never change it once values are stored. */
  readonly name: string
  /** The class whose instances this transcoding encodes (subclasses need their own transcoding). */
  readonly type: abstract new (...args: any[]) => T
  /** Turns an instance into data the transcoder can encode. */
  encode(value: T): D
  /** Turns decoded data back into an instance. */
  decode(data: D): T
}

const TYPE = '_type_'
const DATA = '_data_'
const TYPE_MARKER = '"_type_"'
const BUILT_IN_NAMES = new Set(['datetime', 'map', 'set', 'bytes', 'bigint', 'undefined', 'number', 'object'])

/** A {@link Transcoder} that writes UTF-8 JSON, extended by registered {@link Transcoding}s. */
export class JSONTranscoder implements Transcoder {
  #byType = new Map<unknown, Transcoding>()
  #byName = new Map<string, Transcoding>()
  #encoder = new TextEncoder()
  #decoder = new TextDecoder('utf-8', { fatal: true })

  /**
   * Registers how to store instances of a class.
   *
   * @throws {@link ProgrammingError} if the name or the class is already registered, or the name is a
   *   built-in tag.
   */
  register(transcoding: Transcoding): void {
    const { name, type } = transcoding ?? {}
    if (typeof name !== 'string' || name === '' || typeof type !== 'function') {
      throw new ProgrammingError(
        `A transcoding needs a non-empty string 'name' and a class 'type', but was given ${describeValue(transcoding)}.`,
      )
    }
    if (BUILT_IN_NAMES.has(name) || this.#byName.has(name)) {
      throw new ProgrammingError(`The transcoding name '${name}' is already taken; choose another name.`)
    }
    if (this.#byType.has(type)) {
      throw new ProgrammingError(`A transcoding for ${type.name} is already registered.`)
    }
    this.#byType.set(type, transcoding)
    this.#byName.set(name, transcoding)
  }

  encode(value: unknown): Uint8Array {
    let encoded: unknown
    try {
      encoded = this.#encodeValue(value)
    } catch (error) {
      if (error instanceof Unencodable) throw this.#cannotEncode(error.value, pathTo(value, error.value))
      if (error instanceof RangeError) {
        throw new TranscodingError(
          `Cannot store ${describeValue(value)}: it contains itself, or nests too deeply to store. Event fields ` +
            `must be trees of values.`,
          { cause: error },
        )
      }
      throw error
    }
    return this.#encoder.encode(JSON.stringify(encoded))
  }

  decode(bytes: Uint8Array): unknown {
    let text: string
    let parsed: unknown
    try {
      text = this.#decoder.decode(bytes)
      parsed = JSON.parse(text)
    } catch (cause) {
      throw new TranscodingError(
        `Stored state could not be decoded: it is not valid UTF-8 JSON (${(cause as Error).message}). ` +
          `The record may be corrupt, or encrypted or compressed with settings this application does not have.`,
        { cause },
      )
    }
    if (!text.includes(TYPE_MARKER)) return parsed
    try {
      return this.#decodeValue(parsed)
    } catch (cause) {
      if (cause instanceof TranscodingError) throw cause
      throw new TranscodingError(
        `Stored state has a tagged value whose data this transcoder never wrote (${(cause as Error).message}). ` +
          `The record may be corrupt, or written by a transcoder with other transcodings.`,
        { cause },
      )
    }
  }

  #encodeValue(value: unknown): unknown {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value
      case 'number':
        // JSON writes -0 as 0, so it is tagged like the numbers JSON cannot write at all.
        return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TYPE]: 'number', [DATA]: numberText(value) }
      case 'undefined':
        return { [TYPE]: 'undefined' }
      case 'bigint':
        return { [TYPE]: 'bigint', [DATA]: value.toString() }
      case 'function':
      case 'symbol':
        throw new Unencodable(value)
    }
    if (value === null || value === undefined) return null
    // Exact prototypes, not instanceof: a subclass of a built-in would come back as the built-in.
    const prototype = Object.getPrototypeOf(value)
    if (prototype === Array.prototype) {
      const array = value as unknown[]
      const encoded = new Array<unknown>(array.length)
      // An index loop, so that a hole is stored as undefined rather than as the null JSON would write.
      for (let index = 0; index < array.length; index++) encoded[index] = this.#encodeValue(array[index])
      return encoded
    }
    if (prototype === Object.prototype || prototype === null) {
      if (Object.getOwnPropertySymbols(value).length > 0) throw new Unencodable(value)
      const encoded: Record<string, unknown> = {}
      for (const key in value as object) {
        if (Object.hasOwn(value as object, key)) {
          setOwn(encoded, key, this.#encodeValue((value as Record<string, unknown>)[key]))
        }
      }
      return Object.hasOwn(encoded, TYPE) ? { [TYPE]: 'object', [DATA]: encoded } : encoded
    }
    if (prototype === Date.prototype) {
      if (Number.isNaN((value as Date).getTime())) throw new Unencodable(value)
      return { [TYPE]: 'datetime', [DATA]: (value as Date).toISOString() }
    }
    if (prototype === Map.prototype)
      return { [TYPE]: 'map', [DATA]: this.#encodeValue([...(value as Map<unknown, unknown>)]) }
    if (prototype === Set.prototype) return { [TYPE]: 'set', [DATA]: this.#encodeValue([...(value as Set<unknown>)]) }
    if (prototype === Uint8Array.prototype) return { [TYPE]: 'bytes', [DATA]: toBase64(value as Uint8Array) }
    const transcoding = this.#byType.get((value as object).constructor)
    if (transcoding) return { [TYPE]: transcoding.name, [DATA]: this.#encodeValue(transcoding.encode(value)) }
    throw new Unencodable(value)
  }

  #decodeValue(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value
    if (Array.isArray(value)) return value.map((item) => this.#decodeValue(item))
    const record = value as Record<string, unknown>
    if (!Object.hasOwn(record, TYPE)) return this.#decodeRecord(record)
    const name = record[TYPE]
    const data = record[DATA]
    switch (name) {
      case 'datetime': {
        const date = typeof data === 'string' ? new Date(data) : undefined
        if (date === undefined || Number.isNaN(date.getTime())) throw new Error(`${describeValue(data)} is not a date`)
        return date
      }
      case 'map':
        return new Map(this.#decodeArray(data) as [unknown, unknown][])
      case 'set':
        return new Set(this.#decodeArray(data))
      case 'bytes':
        if (typeof data !== 'string') throw new Error(`${describeValue(data)} is not base64`)
        return fromBase64(data)
      case 'bigint':
        if (typeof data !== 'string') throw new Error(`${describeValue(data)} is not a bigint`)
        return BigInt(data)
      case 'undefined':
        return undefined
      case 'number':
        if (!['NaN', 'Infinity', '-Infinity', '-0'].includes(data as string)) {
          throw new Error(`${describeValue(data)} is not a number JSON cannot write`)
        }
        return Number(data)
      case 'object':
        if (typeof data !== 'object' || data === null || Array.isArray(data)) {
          throw new Error(`${describeValue(data)} is not an object`)
        }
        return this.#decodeRecord(data as Record<string, unknown>)
    }
    const transcoding = typeof name === 'string' ? this.#byName.get(name) : undefined
    if (!transcoding) {
      throw new TranscodingError(
        `Stored state has a value tagged ${JSON.stringify(name)}, but no transcoding of that name is registered. ` +
          `Register it in the application's registerTranscodings(transcoder) before reading these events.`,
      )
    }
    return transcoding.decode(this.#decodeValue(data))
  }

  #decodeArray(data: unknown): unknown[] {
    if (!Array.isArray(data)) throw new Error(`${describeValue(data)} is not an array`)
    return this.#decodeValue(data) as unknown[]
  }

  #decodeRecord(record: Record<string, unknown>): Record<string, unknown> {
    const decoded: Record<string, unknown> = {}
    for (const key of Object.keys(record)) setOwn(decoded, key, this.#decodeValue(record[key]))
    return decoded
  }

  #cannotEncode(value: unknown, path: string): TranscodingError {
    const where = path ? ` at '${path}'` : ''
    return new TranscodingError(
      `Cannot store ${describeValue(value)}${where}: event fields must be JSON values, Dates, Maps, Sets, ` +
        `Uint8Arrays, bigints, or instances of a class with a registered transcoding ` +
        `(see JSONTranscoder.register).`,
    )
  }
}

function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value)
}

/** Sets an own property, also one named "__proto__" (which an assignment would take as the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    target[key] = value
  }
}

/** Thrown inside the encoder to unwind to `encode`, which then finds where the value sits for the message. */
class Unencodable {
  constructor(readonly value: unknown) {}
}

/** Returns the path ('a.b[0]') at which `target` sits inside `root`, or '' if it is `root` or not found. */
function pathTo(root: unknown, target: unknown, path = ''): string {
  if (root === target) return path
  if (typeof root !== 'object' || root === null) return ''
  const entries: [string, unknown][] = Array.isArray(root)
    ? root.map((item, index) => [`${path}[${index}]`, item])
    : root instanceof Map || root instanceof Set
      ? [...root.values()].map((item, index) => [`${path}[${index}]`, item])
      : Object.entries(root).map(([key, item]) => [path ? `${path}.${key}` : key, item])
  for (const [itemPath, item] of entries) {
    const found = item === target ? itemPath : pathTo(item, target, itemPath)
    if (found) return found
  }
  return ''
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes
}
