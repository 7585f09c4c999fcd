// Pure.
/**
 * The event explorer's data about one run, as it crosses from the run's worker (`worker/run-observer.ts`) to the
 * page's Events and Aggregates tabs (`page/explorer/`): plain JSON data, so pure types only.
 */

/** JSON data. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** One event: stored (with its notification id) or not saved. */
export interface EventRow {
  notificationId?: number
  aggregateClass: string
  aggregateId: string
  version: number
  /** The event's class name, such as `TrickAdded`. */
  name: string
  /** The event's own fields (its properties other than originatorId, originatorVersion, timestamp, originatorTopic). */
  fields: Json
  /** When it happened, in milliseconds since 1970. */
  timestamp: number
}

/** An application the run constructed, and its notification log. */
export interface ApplicationLog {
  name: string
  /** The first `EXPLORER_LIMITS.notifications` notifications, decoded. */
  events: EventRow[]
  /** How many notifications the log holds. */
  total: number
  /** Why the log could not be read, if it could not. */
  error?: string
  /** For a process application: the applications it follows (its `leaderNames`), and how far it has processed each. */
  follows?: LeaderPosition[]
}

/**
 * How far a reader has processed the notification log of an application: a process application, of an application
 * it follows, or a view (`ViewSnapshot`), of any application of the run.
 */
export interface LeaderPosition {
  /** The leader's name (the application whose log is read). */
  name: string
  /**
   * The index of the leader in `ExplorerData.applications`, if it is one of them (the nearest in construction order
   * when several have its name, as a runner constructs a system's applications one after another).
   */
  application?: number
  /**
   * The id of the last notification of the leader's log it has processed, 0 if none: a process application's
   * `position(name)`, a view's `maxTrackingId(name)`.
   */
  position: number
  /** Why the position could not be read, if it could not. */
  error?: string
}

/**
 * A view the run constructed (a tracking recorder of `eventsourcing/projection`, such as a subclass of
 * `InMemoryTrackingRecorder`), read when the run ends.
 */
export interface ViewSnapshot {
  /** The view's class name, such as `DogCountsView`. */
  name: string
  /**
   * Its `maxTrackingId(name)` in the log of each application of `ExplorerData.applications`, in their order (0 for
   * the logs it has not processed): a view records positions by application name, so two applications of one
   * name get the same position.
   */
  positions: LeaderPosition[]
  /**
   * The view's own enumerable properties, other than those its base class sets (a SQLite or PostgreSQL view's
   * datastore and table names), as JSON: a public field holding a `Map` or an object of counts shows its entries.
   * A private `#field` is not a property, and not shown; nor are the rows of a SQL view's tables.
   */
  rows: { [property: string]: Json }
  /** Why its positions could not be read, if they could not (its `rows` are still given). */
  error?: string
}

/** An aggregate whose recorded events were never saved. */
export interface UnsavedAggregate {
  aggregateClass: string
  aggregateId: string
  /** The index of the application that stored its earlier events, if one did. */
  application?: number
  events: EventRow[]
  /** How many events are unsaved (`events` holds the first ones). */
  total: number
}

/** An aggregate's state after one of its events. */
export interface VersionState {
  version: number
  /** The event that made this version: its class name and fields. */
  event: string
  fields: Json
  /** Whether the event was saved. */
  saved: boolean
  /** The aggregate's properties (not id, version, createdOn, modifiedOn). */
  state: { [property: string]: Json }
  /** The properties whose value differs from the previous state's (all of them at version 1). */
  changed: string[]
}

/** Why an aggregate's states could not all be replayed. */
export type ReplayProblem =
  | { kind: 'rebuild-failed'; message: string }
  /** Its earlier events were neither saved nor pending (collected by hand). */
  | { kind: 'earlier-events-unknown' }

/** One aggregate, replayed event by event. */
export interface AggregateHistory {
  aggregateClass: string
  aggregateId: string
  /** The index of the application that stored it, if one did. */
  application?: number
  states: VersionState[]
  /** The aggregate's latest version, saved or not (`states` may stop before it). */
  lastVersion: number
  problem?: ReplayProblem
}

/** Everything the explorer shows about one run. Each list holds its first items; `…Total` counts them all. */
export interface ExplorerData {
  applications: ApplicationLog[]
  applicationsTotal: number
  unsaved: UnsavedAggregate[]
  unsavedTotal: number
  aggregates: AggregateHistory[]
  aggregatesTotal: number
  /** The views the run constructed (`eventsourcing/projection`), with their rows and positions. */
  views: ViewSnapshot[]
  viewsTotal: number
  /** Aggregates made after the run stopped keeping track (`EXPLORER_LIMITS.instances`). */
  untracked: number
}
