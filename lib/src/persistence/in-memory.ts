/**
 * The in-memory store (Python's "POPO" store): the default, for development, tests and the browser.
 * Each insert checks everything before it writes anything, and runs without awaiting in between, so
 * a write is atomic: no other call can observe or interleave with half of it. Records and their state
 * bytes are copied on the way in and on the way out, so that no caller can change what is stored.
 */
import { IntegrityError } from './errors.js'
import type {
  AggregateRecorder,
  ApplicationRecorder,
  InsertEventsOptions,
  ProcessRecorder,
  SelectEventsOptions,
  SelectNotificationsOptions,
} from './recorders.js'
import { SELECT_EVENTS_NOW } from './recorders.js'
import type { Notification, StoredEvent, Tracking } from './stored-event.js'
import { checkSelectEvents, checkSelectNotifications, checkStoredEvents, checkTracking } from './checks.js'
import { REMEMBERED, rememberedOf, type Mapper, type Remembered } from './mapper.js'
import type { DomainEvent } from '../domain/index.js'

/** Keeps aggregates' stored events in memory. */
export class InMemoryAggregateRecorder implements AggregateRecorder {
  /** Each aggregate's records, in version order. */
  protected readonly sequences = new Map<string, MemoryRecord[]>()

  async insertEvents(events: readonly StoredEvent[], options?: InsertEventsOptions): Promise<number[]> {
    return this.insertNow(events, options)
  }

  async selectEvents(originatorId: string, options?: SelectEventsOptions): Promise<StoredEvent[]> {
    return this[SELECT_EVENTS_NOW](originatorId, options).map(copyRecord)
  }

  /** The store's own records of an aggregate, for the event store (see {@link SELECT_EVENTS_NOW}). */
  [SELECT_EVENTS_NOW](originatorId: string, options?: SelectEventsOptions): readonly MemoryRecord[] {
    checkSelectEvents(originatorId, options)
    const sequence = this.sequences.get(originatorId)
    if (!sequence) return []
    // With no options (a whole aggregate, the common read), no destructuring of a default object.
    if (options === undefined) return sequence.slice()
    const { gt, lte, desc, limit } = options
    let from = gt === undefined ? 0 : firstIndexAbove(sequence, gt)
    let to = lte === undefined ? sequence.length : firstIndexAbove(sequence, lte)
    if (from >= to) return []
    if (limit !== undefined && to - from > limit) {
      if (desc) from = to - limit
      else to = from + limit
    }
    const selected = sequence.slice(from, to)
    return desc ? selected.reverse() : selected
  }

  /** Checks and writes events in one synchronous step; returns their notification ids. */
  protected insertNow(events: readonly StoredEvent[], options?: InsertEventsOptions): number[] {
    checkStoredEvents(events)
    this.checkVersionsAreFree(events)
    this.checkBeforeInsert(options)
    const ids = this.assignIds(events.length)
    const records = new Array<MemoryRecord>(events.length)
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!
      const remembered = rememberedOf(event)
      const made = remembered !== undefined && remembered.state === event.state
      // Bytes the event store handed over are the store's alone; any others are copied, so the caller keeps theirs.
      const state = made && remembered.handedOver ? event.state : event.state.slice()
      records[index] = new MemoryRecord(
        event.originatorId,
        event.originatorVersion,
        event.topic,
        state,
        ids[index] ?? 0,
        made ? remembered.event : undefined,
        made ? remembered.mapper : undefined,
      )
    }
    for (const record of records) this.#place(record)
    this.afterInsert(records, options)
    return ids.length > 0 ? ids : []
  }

  /** Returns the notification ids for a write of `count` events (none for a plain aggregate recorder). */
  protected assignIds(_count: number): number[] {
    return []
  }

  /** Checks anything else a write needs before anything is written. */
  protected checkBeforeInsert(_options?: InsertEventsOptions): void {}

  /** Records what else a write carries, after its events are placed. */
  protected afterInsert(_records: readonly MemoryRecord[], _options?: InsertEventsOptions): void {}

  protected checkVersionsAreFree(events: readonly StoredEvent[]): void {
    const seen = events.length > 1 ? new Set<string>() : undefined
    for (const event of events) {
      const sequence = this.sequences.get(event.originatorId)
      if (sequence !== undefined && hasVersion(sequence, event.originatorVersion)) {
        throw versionConflict(event, events.length)
      }
      if (seen) {
        const key = `${event.originatorId}\u0000${event.originatorVersion}`
        if (seen.has(key)) throw versionConflict(event, events.length)
        seen.add(key)
      }
    }
  }

  #place(record: MemoryRecord): void {
    const sequence = this.sequences.get(record.originatorId)
    if (sequence === undefined) {
      this.sequences.set(record.originatorId, [record])
    } else if (sequence.length === 0 || sequence[sequence.length - 1]!.originatorVersion < record.originatorVersion) {
      sequence.push(record)
    } else {
      sequence.splice(firstIndexAbove(sequence, record.originatorVersion), 0, record)
    }
  }
}

/** Keeps stored events in memory and numbers them 1, 2, 3 … across all aggregates. */
export class InMemoryApplicationRecorder extends InMemoryAggregateRecorder implements ApplicationRecorder {
  /** Every record, where a notification id is its index plus one. */
  protected readonly notifications: MemoryRecord[] = []

  async selectNotifications(options: SelectNotificationsOptions): Promise<Notification[]> {
    checkSelectNotifications(options)
    const { start, limit, stop, topics } = options
    const last = Math.min(this.notifications.length, stop ?? Infinity)
    const wanted = topics && topics.length > 0 ? new Set(topics) : undefined
    const selected: Notification[] = []
    for (let id = Math.max(start, 1); id <= last && selected.length < limit; id++) {
      const notification = this.notifications[id - 1]!
      if (!wanted || wanted.has(notification.topic)) selected.push(copyRecord(notification))
    }
    return selected
  }

  async maxNotificationId(): Promise<number> {
    return this.notifications.length
  }

  protected override assignIds(count: number): number[] {
    const ids: number[] = []
    for (let id = this.notifications.length + 1; ids.length < count; id++) ids.push(id)
    return ids
  }

  protected override afterInsert(records: readonly MemoryRecord[], options?: InsertEventsOptions): void {
    for (const record of records) this.notifications.push(record)
    super.afterInsert(records, options)
  }
}

/** An in-memory application recorder that also tracks positions in upstream notification logs. */
export class InMemoryProcessRecorder extends InMemoryApplicationRecorder implements ProcessRecorder {
  #tracked = new Map<string, { ids: Set<number>; max: number }>()

  async maxTrackingId(applicationName: string): Promise<number> {
    return this.#tracked.get(applicationName)?.max ?? 0
  }

  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    return this.#tracked.get(applicationName)?.ids.has(notificationId) ?? false
  }

  protected override checkBeforeInsert(options?: InsertEventsOptions): void {
    const tracking = options?.tracking
    if (tracking === undefined) return
    checkTracking(tracking)
    if (this.#tracked.get(tracking.applicationName)?.ids.has(tracking.notificationId)) {
      throw trackingConflict(tracking)
    }
  }

  protected override afterInsert(records: readonly MemoryRecord[], options?: InsertEventsOptions): void {
    super.afterInsert(records, options)
    const tracking = options?.tracking
    if (tracking === undefined) return
    let tracked = this.#tracked.get(tracking.applicationName)
    if (!tracked) this.#tracked.set(tracking.applicationName, (tracked = { ids: new Set(), max: 0 }))
    tracked.ids.add(tracking.notificationId)
    tracked.max = Math.max(tracked.max, tracking.notificationId)
  }
}

/**
 * A record as the in-memory store keeps it: bytes of its own and, when a mapper made it, the domain event it
 * encodes and that mapper. The record is itself what the mapper remembers (see {@link REMEMBERED}): reading an
 * aggregate reaches each event through one object fewer.
 */
export class MemoryRecord implements Notification {
  /** What the mapper that made the record remembers: the record itself, or `undefined` if no mapper made it. */
  readonly [REMEMBERED]: Remembered | undefined
  /** The record's bytes are the store's: whoever is given the record copies them before keeping them. */
  readonly handedOver = false

  constructor(
    readonly originatorId: string,
    readonly originatorVersion: number,
    readonly topic: string,
    readonly state: Uint8Array,
    readonly id: number,
    /** The domain event the record encodes, when a mapper made it. */
    readonly event: DomainEvent | undefined,
    /** The mapper that made the record, if one did. */
    readonly mapper: Mapper | undefined,
  ) {
    this[REMEMBERED] = mapper === undefined ? undefined : (this as Remembered)
  }
}

/** A copy of a record for a caller, whose changes to it cannot reach the store. */
function copyRecord(record: MemoryRecord): Notification {
  const state = record.state.slice()
  const { event, mapper } = record
  return {
    originatorId: record.originatorId,
    originatorVersion: record.originatorVersion,
    topic: record.topic,
    state,
    id: record.id,
    [REMEMBERED]: mapper === undefined ? undefined : { event: event!, mapper, state, handedOver: false },
  } as Notification
}

/** The error for an event whose (originator id, version) is already stored, in a write of `count` events. */
export function versionConflict(event: StoredEvent, count: number, cause?: unknown): IntegrityError {
  return new IntegrityError(
    `Version ${event.originatorVersion} of aggregate ${event.originatorId} is already stored, so none of ` +
      `the ${count} event(s) in this write were stored. Another save got there first: get the ` +
      `aggregate again and retry the command.`,
    { cause, originatorId: event.originatorId, originatorVersion: event.originatorVersion },
  )
}

/** The error for an upstream notification that was already recorded as processed. */
export function trackingConflict(tracking: Tracking, cause?: unknown): IntegrityError {
  return new IntegrityError(
    `Notification ${tracking.notificationId} of ${tracking.applicationName} is already recorded as processed, ` +
      `so nothing of this write was stored: each upstream event is processed exactly once.`,
    { cause },
  )
}

function firstIndexAbove(sequence: readonly StoredEvent[], version: number): number {
  let low = 0
  let high = sequence.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sequence[middle]!.originatorVersion <= version) low = middle + 1
    else high = middle
  }
  return low
}

function hasVersion(sequence: readonly StoredEvent[], version: number): boolean {
  const last = sequence[sequence.length - 1]
  if (last === undefined || last.originatorVersion < version) return false
  const index = firstIndexAbove(sequence, version) - 1
  return index >= 0 && sequence[index]!.originatorVersion === version
}
