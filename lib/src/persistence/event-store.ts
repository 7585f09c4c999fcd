/**
 * The event store: a mapper and a recorder together, storing domain events and giving them back.
 */
import { rememberedOf, type Mapper } from './mapper.js'
import {
  SELECT_EVENTS_NOW,
  type AggregateRecorder,
  type InsertEventsOptions,
  type SelectEventsOptions,
} from './recorders.js'
import type { DomainEvent } from '../domain/index.js'

/** A stored domain event and its notification id (0 if the recorder does not number events). */
export interface Recording {
  /** The domain event that was stored. */
  readonly domainEvent: DomainEvent
  /** The notification id the event was stored under. */
  readonly notificationId: number
}

/** Stores domain events through a mapper and a recorder. */
export class EventStore {
  constructor(
    /** Converts events to and from stored events. */
    readonly mapper: Mapper,
    /** Stores the converted events. */
    readonly recorder: AggregateRecorder,
  ) {}

  /**
   * Stores events atomically and returns their recordings.
   *
   * @throws {@link IntegrityError} if any event's version is already stored; nothing is stored.
   */
  async put(events: readonly DomainEvent[], options?: InsertEventsOptions): Promise<Recording[]> {
    const stored = await this.mapper.toStoredEvents(events)
    // These stored events go to the recorder and nowhere else: it may keep their bytes without a copy.
    for (const record of stored) {
      const remembered = rememberedOf(record)
      if (remembered !== undefined) remembered.handedOver = true
    }
    const ids = await this.recorder.insertEvents(stored, options)
    return events.map((domainEvent, index) => ({ domainEvent, notificationId: ids[index] ?? 0 }))
  }

  /**
   * Returns an aggregate's events, oldest first unless `desc`: the recorder selects the stored events and the
   * mapper decodes them. A recorder that can select at once (see {@link SELECT_EVENTS_NOW}, the in-memory one) is
   * not awaited, nor is a mapper with no cipher or compressor: then the promise is settled when it is returned.
   *
   * @throws {@link DataError} and {@link TopicError} as {@link Mapper.toDomainEvents} does.
   */
  get(originatorId: string, options?: SelectEventsOptions): Promise<DomainEvent[]> {
    const selectNow = this.recorder[SELECT_EVENTS_NOW]
    if (selectNow === undefined) {
      return this.recorder.selectEvents(originatorId, options).then((stored) => this.mapper.toDomainEvents(stored))
    }
    try {
      return this.mapper.toDomainEvents(selectNow.call(this.recorder, originatorId, options))
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }
}
