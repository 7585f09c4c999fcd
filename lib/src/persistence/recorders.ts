/**
 * The recorder interfaces every store implements. An aggregate recorder keeps each aggregate's
 * sequence of events; an application recorder also numbers every stored event in one sequence (the
 * notification log); a process recorder also tracks how far it has processed upstream logs.
 */
import type { Notification, StoredEvent, Tracking } from './stored-event.js'

/** Which of an aggregate's stored events to select. */
export interface SelectEventsOptions {
  /** Only events with a version greater than this. */
  gt?: number | undefined
  /** Only events with a version less than or equal to this. */
  lte?: number | undefined
  /** Newest first. @default false */
  desc?: boolean | undefined
  /** At most this many events. */
  limit?: number | undefined
}

/** Options for {@link AggregateRecorder.insertEvents}. */
export interface InsertEventsOptions {
  /** An upstream position to record in the same atomic write (process recorders only). */
  tracking?: Tracking | undefined
}

/**
 * The optional method of a recorder that can select an aggregate's events without waiting (the in-memory
 * store). When a recorder has it, the event store's `get` selects through it instead of `selectEvents`, so that
 * rebuilding an aggregate awaits nothing but the repository's one promise. The records it returns are the
 * store's own, not copies: only the event store reads them, and nothing may change them.
 */
export const SELECT_EVENTS_NOW: unique symbol = Symbol('eventsourcing.selectEventsNow')

/** Stores and selects the events of aggregates. */
export interface AggregateRecorder {
  /** Selects an aggregate's stored events at once, for the event store; see {@link SELECT_EVENTS_NOW}. */
  readonly [SELECT_EVENTS_NOW]?: (originatorId: string, options?: SelectEventsOptions) => readonly StoredEvent[]
  /**
   * Stores all the given events atomically: all of them, or none.
   *
   * @returns the notification ids given to the events, in order (empty for a plain aggregate recorder).
   * @throws {@link IntegrityError} if any event's (originator id, version) is already stored, or is
   *   given twice; nothing is stored.
   */
  insertEvents(events: readonly StoredEvent[], options?: InsertEventsOptions): Promise<number[]>
  /** Returns an aggregate's stored events, oldest first unless `desc`. */
  selectEvents(originatorId: string, options?: SelectEventsOptions): Promise<StoredEvent[]>
}

/** Which notifications to select. */
export interface SelectNotificationsOptions {
  /** The first notification id to include. */
  start: number
  /** At most this many notifications. */
  limit: number
  /** The last notification id to include. */
  stop?: number | undefined
  /** Only notifications with one of these topics (all when empty or absent). */
  topics?: readonly string[] | undefined
}

/** An aggregate recorder that also numbers every stored event in one sequence. */
export interface ApplicationRecorder extends AggregateRecorder {
  /** Returns stored events with their notification ids, in notification id order. */
  selectNotifications(options: SelectNotificationsOptions): Promise<Notification[]>
  /** Returns the largest notification id, or 0 when nothing is stored. */
  maxNotificationId(): Promise<number>
}

/** An application recorder that also records positions in upstream notification logs. */
export interface ProcessRecorder extends ApplicationRecorder {
  /** Returns the largest tracked notification id of the named upstream application, or 0. */
  maxTrackingId(applicationName: string): Promise<number>
  /** Tells whether the given upstream notification has been recorded as processed. */
  hasTrackingId(applicationName: string, notificationId: number): Promise<boolean>
}
