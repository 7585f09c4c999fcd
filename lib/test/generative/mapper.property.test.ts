/**
 * Generative checks of the mapper's round trip. Whatever an event's fields hold, it is either stored and
 * read back equal (by another mapper, from bytes as a database would return them), or refused when it is
 * stored: never silently changed, never discovered only when it is read. A stored record that was changed
 * in any way, cut short, or written under another key is refused when it is read, with a DataError.
 *
 * Several of these properties fail against the library as it stands; they state the behaviour the
 * library should have, and each failure's shrunk counterexample is the smallest reproduction.
 */
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { AesCipher, CIPHER_KEY } from 'eventsourcing/cipher'
import { ZlibCompressor } from 'eventsourcing/compressor'
import { DomainEvent, registry, RESERVED_EVENT_PROPERTIES } from 'eventsourcing/domain'
import {
  isDataError,
  isEventSourcingError,
  isTranscodingError,
  JSONTranscoder,
  Mapper,
  type StoredEvent,
} from 'eventsourcing/persistence'
import { generative } from '../support/generative.js'

class Happened extends DomainEvent {}
const TOPIC = 'MapperProperties.Happened'

beforeEach(() => registry.register(TOPIC, Happened))

/** A value class stored through a registered transcoding; its content can be any storable value. */
class Labelled {
  constructor(
    readonly label: string,
    readonly content: unknown,
  ) {}
}

/** Has no transcoding of its own: a transcoding is for exactly one class. */
class RelabelledSubclass extends Labelled {}

function makeTranscoder(): JSONTranscoder {
  const transcoder = new JSONTranscoder()
  transcoder.register({
    name: 'labelled',
    type: Labelled,
    encode: (value: Labelled) => [value.label, value.content],
    decode: ([label, content]: [string, unknown]) => new Labelled(label, content),
  })
  return transcoder
}

const settingsWith = (key: string) => ({ get: (name: string) => (name === CIPHER_KEY ? key : undefined) })
const KEY = AesCipher.createKey()
const OTHER_KEY = AesCipher.createKey()

interface Codecs {
  readonly label: string
  readonly compress: boolean
  readonly encrypt: boolean
}

const ALL_CODECS: readonly Codecs[] = [
  { label: 'neither compressor nor cipher', compress: false, encrypt: false },
  { label: 'a zlib compressor', compress: true, encrypt: false },
  { label: 'an AES cipher', compress: false, encrypt: true },
  { label: 'a zlib compressor and an AES cipher', compress: true, encrypt: true },
]

function mapperWith(codecs: Codecs, key = KEY): Mapper {
  return new Mapper({
    transcoder: makeTranscoder(),
    compressor: codecs.compress ? new ZlibCompressor() : undefined,
    cipher: codecs.encrypt ? new AesCipher(settingsWith(key)) : undefined,
  })
}

/**
 * The record as a database hands it back: new bytes. The mapper remembers the event with the bytes it made,
 * and would otherwise answer from that memory without decoding anything.
 */
const fromDatabase = (stored: StoredEvent, state: Uint8Array = stored.state): StoredEvent => ({
  ...stored,
  state: new Uint8Array(state),
})

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let value: unknown
  try {
    value = await promise
  } catch (error) {
    return error
  }
  return expect.unreachable(`expected a rejection, but it resolved to ${String(value)}`)
}

function thrownBy(action: () => unknown): unknown {
  try {
    action()
  } catch (error) {
    return error
  }
  return expect.unreachable('expected an error, but nothing was thrown')
}

function expectDataError(error: unknown): void {
  expect(isDataError(error), `expected a DataError, got ${String(error)}`).toBe(true)
}

function expectTranscodingError(error: unknown): void {
  expect(isTranscodingError(error), `expected a TranscodingError, got ${String(error)}`).toBe(true)
}

// Keys a value can be mistaken for a tag by, next to any string at all (lone surrogates included).
// '__proto__' and -0 have properties of their own below, so that a failure of theirs hides no other here.
const anyKey = fc.oneof(
  fc.constantFrom('_type_', '_data_'),
  fc.string({ unit: 'binary', maxLength: 8 }).filter((key) => key !== '__proto__'),
)

const storableLeaf = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.double().filter((number) => !Object.is(number, -0)), // NaN and ±Infinity among them
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 8 }),
)

/** Every kind of value the transcoder says it stores, nested in every container it stores. */
const { storable } = fc.letrec<{
  storable: unknown
  array: unknown[]
  object: Record<string, unknown>
  map: Map<unknown, unknown>
  set: Set<unknown>
  labelled: Labelled
}>((tie) => ({
  storable: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    storableLeaf,
    tie('array'),
    tie('object'),
    tie('map'),
    tie('set'),
    tie('labelled'),
  ),
  array: fc.array(tie('storable'), { maxLength: 4 }),
  object: fc.dictionary(anyKey, tie('storable'), { maxKeys: 4, noNullPrototype: true }),
  map: fc.array(fc.tuple(tie('storable'), tie('storable')), { maxLength: 3 }).map((entries) => new Map(entries)),
  set: fc.array(tie('storable'), { maxLength: 3 }).map((items) => new Set(items)),
  labelled: fc
    .tuple(fc.string({ unit: 'binary' }), tie('storable'))
    .map(([label, content]) => new Labelled(label, content)),
}))

// '__proto__' is left out only as an event's own field name: the event constructor assigns its
// properties, which would set the event's prototype; as a key anywhere inside a field it stays in.
const fieldName = fc
  .string({ unit: 'binary', maxLength: 8 })
  .filter((name) => !RESERVED_EVENT_PROPERTIES.has(name) && name !== '__proto__')

const standardProperties = fc.record({
  originatorId: fc.uuid(),
  originatorVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  timestamp: fc.date({ noInvalidDate: true }),
})

// The event is made in the property rather than here, so that a failure to make one shrinks too.
const eventProperties = (field: fc.Arbitrary<unknown>) =>
  fc
    .tuple(standardProperties, fc.dictionary(fieldName, field, { maxKeys: 4, noNullPrototype: true }))
    .map(([standard, fields]) => ({ ...fields, ...standard }))

const storableEvent = eventProperties(storable)
const simpleEvent = eventProperties(fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 3 })))

const identifier = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,5}$/).filter((name) => !RESERVED_EVENT_PROPERTIES.has(name))
const plainLeaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
const siblings = fc.array(plainLeaf, { maxLength: 3 })

/** One container between an event field and the value inside it, outermost first. */
type Layer =
  | { kind: 'object'; key: string; others: Record<string, unknown> }
  | { kind: 'array'; before: unknown[]; after: unknown[] }
  | { kind: 'map'; before: unknown[]; after: unknown[] }
  | { kind: 'set'; before: unknown[]; after: unknown[] }
  | { kind: 'labelled'; label: string }

const layer: fc.Arbitrary<Layer> = fc.oneof(
  fc.record({
    kind: fc.constant('object' as const),
    key: identifier,
    others: fc.dictionary(identifier, plainLeaf, { maxKeys: 3, noNullPrototype: true }),
  }),
  fc.record({
    kind: fc.constantFrom('array' as const, 'map' as const, 'set' as const),
    before: siblings,
    after: siblings,
  }),
  fc.record({ kind: fc.constant('labelled' as const), label: fc.string() }),
)

/** Puts `inner` inside `layer`, and says where it sits there as the transcoder's messages write it. */
function wrap(layer: Layer, inner: unknown): [unknown, string] {
  switch (layer.kind) {
    case 'object':
      return [{ ...layer.others, [layer.key]: inner }, `.${layer.key}`]
    case 'array':
      return [[...layer.before, inner, ...layer.after], `[${layer.before.length}]`]
    case 'map': {
      const entries = [...layer.before, inner, ...layer.after].map((item, index) => [`k${index}`, item] as const)
      return [new Map(entries), `[${layer.before.length}]`]
    }
    case 'set': {
      const set = new Set([...layer.before, inner, ...layer.after])
      return [set, `[${[...set].indexOf(inner)}]`]
    }
    case 'labelled':
      return [new Labelled(layer.label, inner), '.content']
  }
}

function nest(layers: readonly Layer[], inner: unknown): [unknown, string] {
  let value = inner
  let path = ''
  for (const outer of [...layers].reverse()) {
    const [wrapped, step] = wrap(outer, value)
    value = wrapped
    path = step + path
  }
  return [value, path]
}

const UNSTORABLE: Record<string, () => unknown> = {
  'a function': () => () => 1,
  'a symbol': () => Symbol('unstorable'),
  'an instance of a class without a transcoding': () => new (class Unregistered {})(),
  'an invalid Date': () => new Date(Number.NaN),
  'an instance of a subclass of a registered class': () => new RelabelledSubclass('label', 1),
  'a WeakMap': () => new WeakMap(),
  'a RegExp': () => /sit/,
  'an Error': () => new Error('unstorable'),
  'a boxed string': () => new String('sit'),
}
const unstorableKind = fc.constantFrom(...Object.keys(UNSTORABLE))

/** A tag of the transcoder's own, with data of any JSON shape: what a corrupt record can hold. */
const malformedTag = fc.record({
  _type_: fc.constantFrom('datetime', 'map', 'set', 'bytes', 'bigint', 'undefined', 'number', 'object'),
  _data_: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string()),
})

describe('JSONTranscoder', () => {
  it('decodes what it encoded to a deep-equal value, for every kind of value it stores', () => {
    const transcoder = makeTranscoder()
    fc.assert(
      fc.property(storable, (value) => {
        expect(transcoder.decode(transcoder.encode(value))).toStrictEqual(value)
      }),
      generative(200),
    )
  })

  it('keeps every string as it was, lone surrogates included, in values, keys and Map keys, as valid UTF-8', () => {
    const transcoder = makeTranscoder()
    const strict = new TextDecoder('utf-8', { fatal: true })
    const text = fc.string({ unit: 'binary' })
    fc.assert(
      fc.property(text, text, text, (value, key, mapKey) => {
        const original = { value, [key]: [value], map: new Map([[mapKey, value]]) }
        const bytes = transcoder.encode(original)
        expect(() => strict.decode(bytes)).not.toThrow()
        const decoded = transcoder.decode(bytes) as typeof original
        expect(decoded).toStrictEqual(original)
        expect(decoded.value === value).toBe(true)
      }),
      generative(200),
    )
  })

  it('keeps the sign of zero', () => {
    const transcoder = makeTranscoder()
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(0, -0), fc.double()), { minLength: 1, maxLength: 5 }),
        (numbers) => {
          const decoded = transcoder.decode(transcoder.encode(numbers)) as number[]
          numbers.forEach((number, index) => expect(Object.is(decoded[index], number)).toBe(true))
        },
      ),
      generative(100),
    )
  })

  it('keeps plain objects whose own keys look like tags as they were', () => {
    const transcoder = makeTranscoder()
    const tagLike = fc.dictionary(
      fc.constantFrom('_type_', '_data_', 'name'),
      fc.oneof(fc.constantFrom('datetime', 'map', 'set', 'bytes', 'object', 'number', 'labelled'), storable),
      { minKeys: 1, noNullPrototype: true },
    )
    fc.assert(
      fc.property(tagLike, (value) => {
        expect(transcoder.decode(transcoder.encode(value))).toStrictEqual(value)
      }),
      generative(100),
    )
  })

  it('keeps an own "__proto__" key with its value, or refuses it when encoding', () => {
    const transcoder = makeTranscoder()
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (protoValue, alongsideATag) => {
        const value: Record<string, unknown> = alongsideATag ? { _type_: 'x' } : {}
        Object.defineProperty(value, '__proto__', { value: protoValue, enumerable: true, writable: true })
        let bytes: Uint8Array
        try {
          bytes = transcoder.encode(value)
        } catch (error) {
          expectTranscodingError(error)
          return
        }
        const decoded = transcoder.decode(bytes) as Record<string, unknown>
        expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
        expect(Object.hasOwn(decoded, '__proto__')).toBe(true)
        expect(decoded).toStrictEqual(value)
      }),
      generative(100),
    )
  })

  it('reads each element of a sparse array back as it read before, or refuses the array when encoding', () => {
    const transcoder = makeTranscoder()
    const primitive = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
    fc.assert(
      fc.property(fc.sparseArray(primitive, { maxLength: 6, noTrailingHole: false }), (array) => {
        let bytes: Uint8Array
        try {
          bytes = transcoder.encode(array)
        } catch (error) {
          expectTranscodingError(error)
          return
        }
        const decoded = transcoder.decode(bytes) as unknown[]
        expect(decoded).toHaveLength(array.length)
        for (let index = 0; index < array.length; index++) expect(decoded[index]).toBe(array[index])
      }),
      generative(100),
    )
  })

  it('refuses a value it cannot store wherever it sits, with a TranscodingError naming where', () => {
    const transcoder = makeTranscoder()
    fc.assert(
      fc.property(identifier, fc.array(layer, { maxLength: 4 }), unstorableKind, (field, layers, what) => {
        const [value, within] = nest(layers, UNSTORABLE[what]!())
        const error = thrownBy(() => transcoder.encode({ [field]: value }))
        expectTranscodingError(error)
        expect((error as Error).message).toContain(`at '${field}${within}'`)
      }),
      generative(100),
    )
  })

  it('refuses an object with a symbol key rather than dropping the key', () => {
    const transcoder = makeTranscoder()
    fc.assert(
      fc.property(fc.array(layer, { maxLength: 3 }), plainLeaf, (layers, leaf) => {
        const [value] = nest(layers, { [Symbol('hidden')]: leaf })
        expectTranscodingError(thrownBy(() => transcoder.encode(value)))
      }),
      generative(30),
    )
  })

  it('refuses a value that contains itself with a TranscodingError', () => {
    const transcoder = makeTranscoder()
    fc.assert(
      fc.property(fc.array(layer, { maxLength: 3 }), (layers) => {
        const loop: Record<string, unknown> = {}
        const [value] = nest(layers, loop)
        loop.back = value
        expectTranscodingError(thrownBy(() => transcoder.encode(value)))
      }),
      generative(20),
    )
  })

  it('refuses a tag holding data it never wrote with a TranscodingError, never another error', () => {
    const transcoder = makeTranscoder()
    fc.assert(
      fc.property(malformedTag, (tagged) => {
        try {
          transcoder.decode(new TextEncoder().encode(JSON.stringify({ value: tagged })))
        } catch (error) {
          expectTranscodingError(error)
        }
      }),
      generative(100),
    )
  })

  it('decodes a tag holding data it never wrote, if at all, to a value it could store again', () => {
    const transcoder = makeTranscoder()
    fc.assert(
      fc.property(malformedTag, (tagged) => {
        let decoded: unknown
        try {
          decoded = transcoder.decode(new TextEncoder().encode(JSON.stringify({ value: tagged })))
        } catch {
          return
        }
        expect(() => transcoder.encode(decoded)).not.toThrow()
      }),
      generative(100),
    )
  })

  it('refuses an instance of a subclass of Array, Map, Set, Date or Uint8Array, or reads it back as one', () => {
    const transcoder = makeTranscoder()
    class Tricks extends Array<unknown> {}
    class Scores extends Map<unknown, unknown> {}
    class Tags extends Set<unknown> {}
    class Birthday extends Date {}
    class Chip extends Uint8Array {}
    const subclassed = fc.oneof(
      fc.array(fc.integer(), { maxLength: 3 }).map((items) => Tricks.from(items)),
      fc.array(fc.tuple(fc.string(), fc.integer()), { maxLength: 3 }).map((entries) => new Scores(entries)),
      fc.array(fc.integer(), { maxLength: 3 }).map((items) => new Tags(items)),
      fc.date({ noInvalidDate: true }).map((date) => new Birthday(date.getTime())),
      fc.uint8Array({ maxLength: 4 }).map((bytes) => new Chip(bytes)),
    )
    fc.assert(
      fc.property(subclassed, (value) => {
        let bytes: Uint8Array
        try {
          bytes = transcoder.encode({ value })
        } catch (error) {
          expectTranscodingError(error)
          return
        }
        const decoded = (transcoder.decode(bytes) as { value: object }).value
        expect(decoded.constructor).toBe(value.constructor)
      }),
      generative(50),
    )
  })
})

for (const codecs of ALL_CODECS) {
  describe(`A mapper with ${codecs.label}`, () => {
    it('stores every event so that another mapper reads back an equal, frozen event', async () => {
      const writer = mapperWith(codecs)
      const reader = mapperWith(codecs)
      await fc.assert(
        fc.asyncProperty(storableEvent, async (properties) => {
          const event = Happened.create(properties)
          const decoded = await reader.toDomainEvent(fromDatabase(await writer.toStoredEvent(event)))
          expect(decoded).toBeInstanceOf(Happened)
          expect(decoded).toStrictEqual(event)
          expect(Object.isFrozen(decoded)).toBe(true)
        }),
        generative(codecs.compress || codecs.encrypt ? 40 : 80),
      )
    })

    it('refuses a record cut short with a DataError', async () => {
      const writer = mapperWith(codecs)
      const reader = mapperWith(codecs)
      await fc.assert(
        fc.asyncProperty(simpleEvent, fc.nat(), async (properties, cut) => {
          const stored = await writer.toStoredEvent(Happened.create(properties))
          const truncated = stored.state.subarray(0, cut % stored.state.length)
          expectDataError(await rejectionOf(reader.toDomainEvent(fromDatabase(stored, truncated))))
        }),
        generative(30),
      )
    })

    if (!codecs.encrypt) return

    it('refuses a record with any one bit changed with a DataError', async () => {
      const writer = mapperWith(codecs)
      const reader = mapperWith(codecs)
      await fc.assert(
        fc.asyncProperty(simpleEvent, fc.nat(), fc.integer({ min: 0, max: 7 }), async (properties, at, bit) => {
          const stored = await writer.toStoredEvent(Happened.create(properties))
          const changed = new Uint8Array(stored.state)
          changed[at % changed.length]! ^= 1 << bit
          expectDataError(await rejectionOf(reader.toDomainEvent(fromDatabase(stored, changed))))
          expectDataError(await rejectionOf(writer.toDomainEvent(fromDatabase(stored, changed))))
        }),
        generative(40),
      )
    })

    it('writes records that a mapper with another key refuses with a DataError', async () => {
      const writer = mapperWith(codecs)
      const stranger = mapperWith(codecs, OTHER_KEY)
      await fc.assert(
        fc.asyncProperty(simpleEvent, async (properties) => {
          const stored = await writer.toStoredEvent(Happened.create(properties))
          expectDataError(await rejectionOf(stranger.toDomainEvent(fromDatabase(stored))))
        }),
        generative(20),
      )
    })

    // The in-memory store hands every reader the very bytes the writer made, with the event the writer
    // remembers on them: a reader without the key must still not see the event.
    it('does not hand the event it remembers with its bytes to a mapper with another key, or with no cipher', async () => {
      const writer = mapperWith(codecs)
      const stranger = mapperWith(codecs, OTHER_KEY)
      const keyless = mapperWith({ ...codecs, encrypt: false })
      await fc.assert(
        fc.asyncProperty(simpleEvent, async (properties) => {
          const stored = await writer.toStoredEvent(Happened.create(properties))
          expectDataError(await rejectionOf(stranger.toDomainEvent(stored)))
          expectDataError(await rejectionOf(keyless.toDomainEvent(stored)))
        }),
        generative(20),
      )
    })
  })
}

describe('Storing an event', () => {
  it('stores an event whose fields hold bytes, and reads it back', async () => {
    const mapper = mapperWith(ALL_CODECS[0]!)
    await fc.assert(
      fc.asyncProperty(standardProperties, fc.uint8Array({ minLength: 1, maxLength: 8 }), async (standard, bytes) => {
        const event = Happened.create({ ...standard, bytes })
        expect(await mapper.toDomainEvent(fromDatabase(await mapper.toStoredEvent(event)))).toStrictEqual(event)
      }),
      generative(20),
    )
  })

  it('stores an event whose field holds an object with an own "__proto__" key so that it reads back the same', async () => {
    const mapper = mapperWith(ALL_CODECS[0]!)
    await fc.assert(
      fc.asyncProperty(standardProperties, fc.jsonValue(), async (standard, protoValue) => {
        const held: Record<string, unknown> = { name: 'Fido' }
        Object.defineProperty(held, '__proto__', { value: protoValue, enumerable: true, writable: true })
        let decoded: DomainEvent
        try {
          const event = Happened.create({ ...standard, held })
          decoded = await mapper.toDomainEvent(fromDatabase(await mapper.toStoredEvent(event)))
        } catch (error) {
          // Refusing the key is as good as keeping it; losing it without a word is not.
          expect(isEventSourcingError(error), `expected a refusal, got ${String(error)}`).toBe(true)
          return
        }
        expect(decoded.held).toStrictEqual(held)
      }),
      generative(30),
    )
  })

  it('refuses, when storing it, an event holding a value it cannot store, with a TranscodingError naming where', async () => {
    const mapper = mapperWith(ALL_CODECS[3]!)
    await fc.assert(
      fc.asyncProperty(
        standardProperties,
        identifier,
        fc.array(layer, { maxLength: 4 }),
        unstorableKind,
        async (standard, field, layers, what) => {
          const [value, within] = nest(layers, UNSTORABLE[what]!())
          const event = Happened.create({ ...standard, [field]: value })
          const error = await rejectionOf(mapper.toStoredEvent(event))
          expectTranscodingError(error)
          expect((error as Error).message).toContain(`at '${field}${within}'`)
        },
      ),
      generative(100),
    )
  })
})

describe('Reading a record', () => {
  // Without a cipher nothing vouches for a record's contents: what it holds must not decide what the
  // mapper returns, beyond the fields of an event of the class its topic names.
  it('never gives back an event of another class than its topic names, whatever its "__proto__" key holds', async () => {
    const mapper = mapperWith(ALL_CODECS[0]!)
    await fc.assert(
      fc.asyncProperty(simpleEvent, fc.jsonValue(), async (properties, protoValue) => {
        const stored = await mapper.toStoredEvent(Happened.create(properties))
        const state = JSON.parse(new TextDecoder().decode(stored.state)) as Record<string, unknown>
        Object.defineProperty(state, '__proto__', { value: protoValue, enumerable: true, writable: true })
        const forged = fromDatabase(stored, new TextEncoder().encode(JSON.stringify(state)))
        let event: DomainEvent
        try {
          event = await mapper.toDomainEvent(forged)
        } catch (error) {
          expectDataError(error)
          return
        }
        expect(Object.getPrototypeOf(event)).toBe(Happened.prototype)
      }),
      generative(30),
    )
  })

  it('refuses a record whose tags hold data the transcoder never wrote with a DataError, or reads an event it could store again', async () => {
    const mapper = mapperWith(ALL_CODECS[0]!)
    await fc.assert(
      fc.asyncProperty(simpleEvent, malformedTag, async (properties, tagged) => {
        const stored = await mapper.toStoredEvent(Happened.create(properties))
        const state = { ...(JSON.parse(new TextDecoder().decode(stored.state)) as object), corrupt: tagged }
        const forged = fromDatabase(stored, new TextEncoder().encode(JSON.stringify(state)))
        let event: DomainEvent
        try {
          event = await mapper.toDomainEvent(forged)
        } catch (error) {
          expectDataError(error)
          return
        }
        await mapper.toStoredEvent(event)
      }),
      generative(50),
    )
  })
})
