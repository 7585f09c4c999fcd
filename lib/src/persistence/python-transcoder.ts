/**
 * The JSON of the Python library 9.x: its event state (`timestamp` as a tagged `datetime_iso`, the created
 * event's `originator_topic` as a Python topic) and the tagged types its applications register by default
 * (`datetime_iso`, `uuid_hex`, `decimal_str`), in the same `{"_type_": name, "_data_": …}` shape as this
 * library's own tags. The mapper hands the transcoder event state in this library's shape (a plain ISO
 * `timestamp`, `originatorTopic`); this transcoder translates it to Python's shape and back, so the mapper
 * itself needs no Python knowledge.
 */
import { TranscodingError } from './errors.js'
import { PythonTopics, STORAGE_FORMAT } from './python-settings.js'
import { JSONTranscoder, type Transcoding } from './transcoder.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

const TYPE = '_type_'
const DATA = '_data_'
const PYTHON_BUILT_INS = new Set(['datetime_iso', 'uuid_hex', 'decimal_str'])

/**
 * A Python `UUID` in event state other than an aggregate's id: its canonical string. Reading a Python event
 * gives one for each `uuid_hex` value, and writing one stores a `uuid_hex` value, so Python reads a `UUID`.
 */
export class PythonUuid {
  /** The UUID in its canonical 8-4-4-4-12 lower-case form. */
  readonly value: string

  /** @throws {@link ProgrammingError} if `value` is not a UUID (dashed, or 32 hexadecimal digits). */
  constructor(value: string) {
    const hex = typeof value === 'string' ? value.replaceAll('-', '').toLowerCase() : ''
    if (!/^[0-9a-f]{32}$/.test(hex) || (value.includes('-') && value.length !== 36)) {
      throw new ProgrammingError(`A PythonUuid needs a UUID string, but was given ${describeValue(value)}.`)
    }
    this.value = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    Object.freeze(this)
  }

  /** Returns the canonical string. */
  toString(): string {
    return this.value
  }
}

/**
 * A Python `Decimal`: its exact text, such as `'12.50'`. JavaScript has no decimal type, so the text is
 * kept as it is: reading a Python event gives one for each `decimal_str` value, and writing one stores a
 * `decimal_str` value.
 */
export class PythonDecimal {
  /** The decimal's text, as Python's `str(Decimal)` writes it. */
  readonly value: string

  /** @throws {@link ProgrammingError} if `value` is not a decimal number's text. */
  constructor(value: string) {
    if (typeof value !== 'string' || !/^[+-]?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?$|^[+-]?(Infinity|sNaN|NaN)$/i.test(value)) {
      throw new ProgrammingError(
        `A PythonDecimal needs a decimal number's text, but was given ${describeValue(value)}.`,
      )
    }
    this.value = value
    Object.freeze(this)
  }

  /** Returns the decimal's text. */
  toString(): string {
    return this.value
  }
}

/**
 * A transcoder that writes and reads the Python library's JSON event state. Custom transcodings are
 * registered as on {@link JSONTranscoder}, by the name the Python application registered its own
 * transcoding under, so the two read each other's values.
 *
 * Values Python's JSON cannot hold are refused when an event is stored, never written half-understood:
 * `undefined`, bigints, non-finite numbers, Maps, Sets and Uint8Arrays (unless a transcoding is registered
 * for the class).
 *
 * @example
 * ```ts
 * const transcoder = new PythonJSONTranscoder(new PythonTopics({ module: 'dogschool' }))
 * ```
 */
export class PythonJSONTranscoder extends JSONTranscoder {
  /** The map between Python topics and this library's, for the created event's `originator_topic`. */
  readonly topics: PythonTopics
  readonly #byType = new Map<unknown, Transcoding>()
  readonly #byName = new Map<string, Transcoding>()
  readonly #encoder = new TextEncoder()
  readonly #decoder = new TextDecoder('utf-8', { fatal: true })

  constructor(topics: PythonTopics = new PythonTopics()) {
    super()
    this.topics = topics
  }

  /**
   * Registers how to store instances of a class, under the name the Python application uses for it.
   *
   * @throws {@link ProgrammingError} if the name or the class is already registered, or the name is one of
   *   Python's defaults (`datetime_iso`, `uuid_hex`, `decimal_str`).
   */
  override register(transcoding: Transcoding): void {
    const { name, type } = transcoding ?? {}
    if (typeof name !== 'string' || name === '' || typeof type !== 'function') {
      throw new ProgrammingError(
        `A transcoding needs a non-empty string 'name' and a class 'type', but was given ${describeValue(transcoding)}.`,
      )
    }
    if (PYTHON_BUILT_INS.has(name) || this.#byName.has(name)) {
      throw new ProgrammingError(`The transcoding name '${name}' is already taken; choose another name.`)
    }
    if (this.#byType.has(type) || type === Date || type === PythonUuid || type === PythonDecimal) {
      throw new ProgrammingError(`A transcoding for ${type.name} is already registered.`)
    }
    this.#byType.set(type, transcoding)
    this.#byName.set(name, transcoding)
  }

  /**
   * Encodes event state (or any value) as Python's JSON.
   *
   * @throws {@link TranscodingError} naming the value and where it sits if Python's JSON cannot hold it.
   */
  override encode(value: unknown): Uint8Array {
    let state = value
    if (isRecord(value) && typeof value.timestamp === 'string') state = this.#toPythonState(value)
    return this.#encoder.encode(JSON.stringify(this.#encodeValue(state, '')))
  }

  /**
   * Decodes Python's JSON; event state comes back in this library's shape (a `Date` timestamp,
   * `originatorTopic`).
   *
   * @throws {@link TranscodingError} if the bytes are not UTF-8 JSON, a tag has no transcoding, an integer is
   *   too large for a JavaScript number, or the state was written in this library's own format.
   */
  override decode(bytes: Uint8Array): unknown {
    let parsed: unknown
    try {
      parsed = JSON.parse(this.#decoder.decode(bytes))
    } catch (cause) {
      throw new TranscodingError(
        `Stored state is not UTF-8 JSON (${(cause as Error).message}): it may be corrupt, encrypted or compressed ` +
          `with settings this application does not have, or hold a float Python writes as NaN or Infinity.`,
        { cause },
      )
    }
    const decoded = this.#decodeValue(parsed)
    return isRecord(decoded) && Object.hasOwn(decoded, 'timestamp') ? this.#fromPythonState(decoded) : decoded
  }

  #toPythonState(state: Record<string, unknown>): Record<string, unknown> {
    const { timestamp, originatorTopic, classVersion, ...fields } = state
    const python: Record<string, unknown> = { timestamp: new Date(timestamp as string) }
    if (originatorTopic !== undefined) python.originator_topic = this.topics.toPython(originatorTopic as string)
    if (classVersion !== undefined) python.class_version = classVersion
    for (const key of Object.keys(fields)) python[key] = fields[key]
    return python
  }

  #fromPythonState(state: Record<string, unknown>): Record<string, unknown> {
    const { timestamp, originator_topic: originatorTopic, class_version: classVersion, ...fields } = state
    if (!(timestamp instanceof Date)) {
      throw new TranscodingError(
        `Stored state's timestamp is ${describeValue(timestamp)}, not a tagged datetime_iso value, so ` +
          `Python did not write it: it is in this library's own format. Leave ${STORAGE_FORMAT} unset to read it.`,
      )
    }
    const ours: Record<string, unknown> = { timestamp }
    if (originatorTopic !== undefined) {
      const topic = typeof originatorTopic === 'string' ? this.topics.toOurs(originatorTopic) : undefined
      if (topic === undefined) {
        throw new TranscodingError(
          `Stored state's originator_topic is ${describeValue(originatorTopic)}, which stands for no aggregate ` +
            `class here: set PYTHON_TOPIC_MODULE to its module, or map it in PYTHON_TOPICS.`,
        )
      }
      ours.originatorTopic = topic
    }
    // Python's class version is where the mapper's upcasting looks for it.
    if (classVersion !== undefined) ours.classVersion = classVersion
    for (const key of Object.keys(fields)) setOwn(ours, key, fields[key])
    return ours
  }

  #encodeValue(value: unknown, path: string): unknown {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value
      case 'number':
        if (Number.isFinite(value)) return value
        throw this.#cannotEncode(value, path, 'Python writes NaN and Infinity as JSON that JavaScript cannot read')
      case 'object':
        break
      default:
        throw this.#cannotEncode(value, path, "Python's JSON has no such value (use null, or a number or string)")
    }
    if (value === null) return null
    const prototype = Object.getPrototypeOf(value)
    if (prototype === Array.prototype) {
      return (value as unknown[]).map((item, index) => this.#encodeValue(item, `${path}[${index}]`))
    }
    if (prototype === Object.prototype || prototype === null) {
      const record = value as Record<string, unknown>
      const keys = Object.keys(record)
      if (keys.length === 2 && Object.hasOwn(record, TYPE) && Object.hasOwn(record, DATA)) {
        throw this.#cannotEncode(value, path, 'Python would read an object of just _type_ and _data_ as a tagged value')
      }
      const encoded: Record<string, unknown> = {}
      for (const key of keys) setOwn(encoded, key, this.#encodeValue(record[key], path ? `${path}.${key}` : key))
      return encoded
    }
    if (prototype === Date.prototype) {
      if (Number.isNaN((value as Date).getTime())) throw this.#cannotEncode(value, path, 'it is an invalid Date')
      return { [TYPE]: 'datetime_iso', [DATA]: pythonIsoFormat(value as Date) }
    }
    if (value instanceof PythonUuid) return { [TYPE]: 'uuid_hex', [DATA]: value.value.replaceAll('-', '') }
    if (value instanceof PythonDecimal) return { [TYPE]: 'decimal_str', [DATA]: value.value }
    const transcoding = this.#byType.get((value as object).constructor)
    if (transcoding) {
      return { [TYPE]: transcoding.name, [DATA]: this.#encodeValue(transcoding.encode(value), `${path}.${DATA}`) }
    }
    throw this.#cannotEncode(
      value,
      path,
      "Python's JSON holds only JSON values, Dates, PythonUuids, PythonDecimals and classes with a registered " +
        'transcoding',
    )
  }

  #decodeValue(value: unknown): unknown {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) && Number.isInteger(value)) {
        throw new TranscodingError(
          `Stored state has the integer ${value}, which is beyond JavaScript's safe integers (2^53 - 1): it ` +
            `cannot be read without losing digits. Store it as a string or a Decimal in Python.`,
        )
      }
      return value
    }
    if (typeof value !== 'object' || value === null) return value
    if (Array.isArray(value)) return value.map((item) => this.#decodeValue(item))
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
    const decoded: Record<string, unknown> = {}
    // Python's decoder decodes the innermost values first and takes an object of exactly _type_ and _data_
    // as a tagged value; so does this one.
    for (const key of keys) setOwn(decoded, key, this.#decodeValue(record[key]))
    if (keys.length !== 2 || !Object.hasOwn(record, TYPE) || !Object.hasOwn(record, DATA)) return decoded
    return this.#decodeTagged(decoded[TYPE], decoded[DATA])
  }

  #decodeTagged(name: unknown, data: unknown): unknown {
    switch (name) {
      case 'datetime_iso':
        return parsePythonIsoFormat(data)
      case 'uuid_hex':
        try {
          return new PythonUuid(data as string)
        } catch {
          throw new TranscodingError(`Stored state has a uuid_hex value that is not a UUID: ${describeValue(data)}.`)
        }
      case 'decimal_str':
        try {
          return new PythonDecimal(data as string)
        } catch {
          throw new TranscodingError(
            `Stored state has a decimal_str value that is not a decimal number: ${describeValue(data)}.`,
          )
        }
    }
    const transcoding = typeof name === 'string' ? this.#byName.get(name) : undefined
    if (!transcoding) {
      throw new TranscodingError(
        `Stored state has a value tagged ${JSON.stringify(name)}, a custom transcoding of the Python ` +
          `application, but no transcoding of that name is registered here. Register one under the same name ` +
          `in the application's registerTranscodings(transcoder).`,
      )
    }
    return transcoding.decode(data)
  }

  #cannotEncode(value: unknown, path: string, reason: string): TranscodingError {
    return new TranscodingError(
      `Cannot store ${describeValue(value)}${path ? ` at '${path}'` : ''} for Python: ${reason}.`,
    )
  }
}

/** Writes a Date as Python's `datetime.isoformat()` writes an aware UTC datetime: microseconds and `+00:00`. */
export function pythonIsoFormat(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000+00:00`
}

const ISO_FORMAT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:(Z)|([+-])(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/

/**
 * Reads a Python `datetime.isoformat()` text as a Date: an offset is applied, a text without one (a naive
 * datetime) is taken as UTC, and digits below the millisecond are dropped (a Date holds milliseconds).
 *
 * @throws {@link TranscodingError} if the text is not one `isoformat()` writes.
 */
export function parsePythonIsoFormat(text: unknown): Date {
  const match = typeof text === 'string' ? ISO_FORMAT.exec(text) : null
  if (match === null) {
    throw new TranscodingError(`Stored state has a datetime_iso value that is not a date: ${describeValue(text)}.`)
  }
  const [, year, month, day, hour, minute, second, fraction = '', , sign, offsetHours, offsetMinutes, offsetSeconds] =
    match
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3))
  let time = Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!, +second!, milliseconds)
  if (sign !== undefined) {
    const offset = (+offsetHours! * 3600 + +offsetMinutes! * 60 + +(offsetSeconds ?? 0)) * 1000
    time -= sign === '-' ? -offset : offset
  }
  if (Number.isNaN(time)) {
    throw new TranscodingError(`Stored state has a datetime_iso value that is not a date: ${describeValue(text)}.`)
  }
  const date = new Date(time)
  return date
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** Sets an own property, also one named "__proto__" (which an assignment would take as the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    target[key] = value
  }
}
