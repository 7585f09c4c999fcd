/**
 * Converts domain events to stored events and back: the event's class becomes a topic, its other
 * properties are transcoded, then optionally compressed, then optionally encrypted.
 *
 * A stored event made by a mapper remembers the domain event it encodes (see {@link REMEMBERED}): events are
 * deeply frozen, so sharing one between writer and readers is safe, and a store that keeps records in memory
 * is read by the same mapper without decoding. Another mapper decodes them as usual, cipher included. Everything is still serialised on the way in,
 * so a value that cannot be stored fails at save time, never later; and stores that read bytes back
 * from a database decode them as usual.
 */
import { DataError } from './errors.js'
import type { StoredEvent } from './stored-event.js'
import type { Transcoder } from './transcoder.js'
import {
  CLASS_VERSION,
  classVersionOf,
  DomainEvent,
  registry,
  TopicError,
  upcastState,
  type DomainEventProperties,
} from '../domain/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

/** Compresses and decompresses stored state. */
export interface Compressor {
  /** Compresses bytes. */
  compress(data: Uint8Array): Uint8Array | Promise<Uint8Array>
  /** Decompresses bytes made by {@link Compressor.compress}. */
  decompress(data: Uint8Array): Uint8Array | Promise<Uint8Array>
}

/** Encrypts and decrypts stored state. */
export interface Cipher {
  /** Encrypts bytes. */
  encrypt(plaintext: Uint8Array): Uint8Array | Promise<Uint8Array>
  /** Decrypts bytes made by {@link Cipher.encrypt}; throws if they were tampered with. */
  decrypt(ciphertext: Uint8Array): Uint8Array | Promise<Uint8Array>
}

/** What a {@link Mapper} is made of. */
export interface MapperOptions {
  /** Encodes event state as bytes. */
  transcoder: Transcoder
  /** Compresses the transcoded bytes, if given. @default undefined */
  compressor?: Compressor | undefined
  /** Encrypts the (compressed) bytes, if given. @default undefined */
  cipher?: Cipher | undefined
}

/**
 * Where a stored event made by a mapper remembers the domain event it encodes and the mapper that made it: a
 * store that keeps records in memory carries it along (the in-memory store does), so that the same mapper
 * reads the event back without decoding. Only that mapper uses it (another may have another cipher, or none).
 * Records read back from a database do not have it.
 */
export const REMEMBERED: unique symbol = Symbol('eventsourcing.remembered')

/** What a stored event made by a mapper remembers: see {@link REMEMBERED}. */
export interface Remembered {
  /** The domain event the stored event encodes. */
  readonly event: DomainEvent
  /** The mapper that encoded it. */
  readonly mapper: Mapper
  /** The state bytes it was encoded to: a record with other bytes is decoded, never answered from memory. */
  readonly state: Uint8Array
  /**
   * Whether the event store handed the stored event straight to its recorder, so that nobody else holds its
   * bytes and a store that keeps records in memory may keep them without a copy.
   */
  handedOver: boolean
}

/** A stored event made by a mapper: its fields, and what it remembers (a class, for fast allocation). */
class MappedEvent implements StoredEvent {
  readonly [REMEMBERED]: Remembered
  constructor(
    readonly originatorId: string,
    readonly originatorVersion: number,
    readonly topic: string,
    readonly state: Uint8Array,
    remembered: Remembered,
  ) {
    this[REMEMBERED] = remembered
  }
}

/** A stored event that may remember its domain event. */
type RememberingEvent = StoredEvent & { readonly [REMEMBERED]?: Remembered | undefined }

/** Returns what a stored event remembers of the domain event it encodes, if anything (see {@link REMEMBERED}). */
export function rememberedOf(stored: StoredEvent): Remembered | undefined {
  return (stored as RememberingEvent)[REMEMBERED]
}

type EventClass = { create(properties: Record<string, unknown>): DomainEvent; name: string }

/** Converts domain events to stored events and back. */
export class Mapper {
  /** The transcoder that encodes event state. */
  readonly transcoder: Transcoder
  /** The compressor, if any. */
  readonly compressor: Compressor | undefined
  /** The cipher, if any. */
  readonly cipher: Cipher | undefined

  constructor(options: MapperOptions) {
    if (!options || typeof options.transcoder?.encode !== 'function') {
      throw new ProgrammingError(`new Mapper() needs { transcoder }, but was given ${describeValue(options)}.`)
    }
    this.transcoder = options.transcoder
    this.compressor = options.compressor
    this.cipher = options.cipher
  }

  /**
   * Converts a domain event to a stored event.
   *
   * @throws {@link TopicError} if the event's class has no registered topic.
   * @throws {@link TranscodingError} if a field cannot be stored.
   */
  async toStoredEvent(event: DomainEvent): Promise<StoredEvent> {
    const topic = this.#topicOf(event)
    let state = this.#encodeState(event)
    if (this.compressor) state = await this.compressor.compress(state)
    if (this.cipher) state = await this.cipher.encrypt(state)
    return this.#stored(event, topic, state)
  }

  /** Converts domain events to stored events, in order. */
  async toStoredEvents(events: readonly DomainEvent[]): Promise<StoredEvent[]> {
    if (!this.compressor && !this.cipher) {
      return events.map((event) => this.#stored(event, this.#topicOf(event), this.#encodeState(event)))
    }
    return Promise.all(events.map((event) => this.toStoredEvent(event)))
  }

  /**
   * Converts a stored event back to a domain event.
   *
   * @throws {@link DataError} if the topic names no registered class, or the state cannot be decrypted,
   *   decompressed, decoded or upcast (naming the notification id when the stored event has one).
   */
  async toDomainEvent(stored: StoredEvent): Promise<DomainEvent> {
    const cached = this.#cachedEvent(stored)
    if (cached) return cached
    let state = stored.state
    if (this.cipher || this.compressor) {
      try {
        if (this.cipher) state = await this.cipher.decrypt(state)
        if (this.compressor) state = await this.compressor.decompress(state)
      } catch (cause) {
        throw new DataError(
          `${storedEventName(stored)} could not be ${this.cipher ? 'decrypted' : 'decompressed'}: ` +
            `it was tampered with, is corrupt, or was written with another key or compressor.`,
          { cause },
        )
      }
    }
    return this.#decode(stored, state)
  }

  /**
   * Converts stored events back to domain events, in order. With no cipher or compressor (which work
   * asynchronously) it decodes at once, and the promise is settled when it is returned.
   *
   * @throws {@link DataError} and {@link TopicError} as {@link Mapper.toDomainEvent} does.
   */
  toDomainEvents(stored: readonly StoredEvent[]): Promise<DomainEvent[]> {
    if (this.compressor || this.cipher) return Promise.all(stored.map((record) => this.toDomainEvent(record)))
    try {
      return Promise.resolve(this.#decodeAll(stored))
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }

  /** Decodes stored events that have no cipher or compressor to undo, in one synchronous step. */
  #decodeAll(stored: readonly StoredEvent[]): DomainEvent[] {
    const events = new Array<DomainEvent>(stored.length)
    for (let index = 0; index < stored.length; index++) {
      const record = stored[index]!
      events[index] = this.#cachedEvent(record) ?? this.#decode(record, record.state)
    }
    return events
  }

  /** The event this mapper encoded to this stored event, if it did: a property read, as this runs for every event read. */
  #cachedEvent(stored: StoredEvent): DomainEvent | undefined {
    const remembered = rememberedOf(stored)
    return remembered !== undefined && remembered.mapper === this && remembered.state === stored.state
      ? remembered.event
      : undefined
  }

  #topicOf(event: DomainEvent): string {
    if (!(event instanceof DomainEvent)) {
      throw new ProgrammingError(`The mapper stores domain events, but was given ${describeValue(event)}.`)
    }
    const topic = registry.topicOf(event.constructor)
    if (topic === undefined) {
      throw new TopicError(
        `The event class ${event.constructor.name} has no registered topic, so its events cannot be stored. ` +
          `Use it with @event on an aggregate, or register it: registry.register('Dog.${event.constructor.name}', ` +
          `${event.constructor.name}).`,
      )
    }
    return topic
  }

  #encodeState(event: DomainEvent): Uint8Array {
    // The timestamp is stored as an ISO string rather than a tagged Date, so that the decoder only walks
    // states that hold tagged values of their own.
    const { originatorId: _id, originatorVersion: _version, timestamp, ...fields } = event
    if (CLASS_VERSION in fields) {
      throw new ProgrammingError(
        `The ${event.constructor.name} event has a field named ${CLASS_VERSION}, which is where stored state ` +
          `records its class's version. Rename the field.`,
      )
    }
    const version = classVersionOf(event.constructor)
    const state = { timestamp: timestamp.toISOString(), ...fields }
    return this.transcoder.encode(version === 1 ? state : { ...state, [CLASS_VERSION]: version })
  }

  #stored(event: DomainEvent, topic: string, state: Uint8Array): StoredEvent {
    const remembered: Remembered = { event, mapper: this, state, handedOver: false }
    return new MappedEvent(event.originatorId, event.originatorVersion, topic, state, remembered)
  }

  #decode(stored: StoredEvent, state: Uint8Array): DomainEvent {
    let eventClass: EventClass
    try {
      eventClass = registry.resolve(stored.topic) as EventClass
    } catch (cause) {
      throw new DataError(
        `${storedEventName(stored)} has the topic '${stored.topic}', which names no class in this program, so it ` +
          `cannot be read: ${(cause as Error).message}`,
        { cause },
      )
    }
    let properties: unknown
    try {
      properties = this.transcoder.decode(state)
    } catch (cause) {
      throw new DataError(`${storedEventName(stored)} could not be decoded: ${(cause as Error).message}`, {
        cause,
      })
    }
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
      throw new DataError(`${storedEventName(stored)} has state that is not an object, so it is not an event's state.`)
    }
    let record = properties as Record<string, unknown>
    try {
      record = upcastState(eventClass, record)
    } catch (cause) {
      throw new DataError(
        `${storedEventName(stored)} could not be upcast to the current ${eventClass.name}: ` +
          `${(cause as Error).message}`,
        { cause },
      )
    }
    let event: DomainEvent
    try {
      // The decoded object is this call's own, so it becomes the event's properties without a copy.
      if (typeof record.timestamp === 'string') record.timestamp = new Date(record.timestamp)
      record.originatorId = stored.originatorId
      record.originatorVersion = stored.originatorVersion
      event = eventClass.create(record as DomainEventProperties & Record<string, unknown>)
    } catch (cause) {
      throw new DataError(`${storedEventName(stored)} is not a valid ${eventClass.name}: ${(cause as Error).message}`, {
        cause,
      })
    }
    return event
  }
}

/** Names a stored event in messages: its topic, aggregate and version, and its notification id if it has one. */
function storedEventName(stored: StoredEvent): string {
  const id = (stored as { id?: unknown }).id
  return (
    `The stored event ${stored.topic} of aggregate ${stored.originatorId} at version ${stored.originatorVersion}` +
    (typeof id === 'number' ? ` (notification ${id})` : '')
  )
}
