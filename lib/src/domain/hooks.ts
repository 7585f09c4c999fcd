/**
 * Shared state between events and aggregates that must not be public API: which method body applies
 * which event class, and whether an event is being applied right now (so that a decorated method called
 * from another decorated method's body runs without recording a second event).
 */
import type { Aggregate } from './aggregate.js'
import type { AggregateEvent } from './events.js'

/** Where an event class keeps the decorated method body that applies it (a static, for a fast lookup). */
export const EVENT_BODY: unique symbol = Symbol('eventsourcing.eventBody')

/** The function that applies an event of a class, if it has one. */
export type EventBody = (fields?: Record<string, unknown>) => unknown

/** Sets the body that applies the events of a class. */
export function setEventBody(eventClass: object, body: EventBody): void {
  Object.defineProperty(eventClass, EVENT_BODY, { value: body, configurable: true })
}

/** The aggregate being rebuilt from a created event or snapshot right now, if any (rebuilding is synchronous). */
export const replaying: { cls: object | undefined; event: ReplayedEvent | undefined } = {
  cls: undefined,
  event: undefined,
}

/** What a rebuilt aggregate takes its id, version and creation time from. */
export interface ReplayedEvent {
  readonly originatorId: string
  readonly originatorVersion: number
  readonly timestamp: Date
}

/** How deeply events are being applied right now. */
export const applying = { depth: 0 }

/** The static method an aggregate class uses to rebuild an aggregate from its created event. */
export const REPLAY_CREATED: unique symbol = Symbol('eventsourcing.replayCreated')

/** The aggregate class each event class belongs to. */
export const eventOwners = new WeakMap<object, object>()

/** The new aggregates being constructed right now by a decorated class, with their constructor argument. */
export const constructions = new Map<object, { argument?: Record<string, unknown> }>()

/** Runs `construct` as the rebuilding of an aggregate of class `cls` from `event`. */
export function replay<T>(cls: object, event: ReplayedEvent, construct: () => T): T {
  const outer = { cls: replaying.cls, event: replaying.event }
  replaying.cls = cls
  replaying.event = event
  applying.depth++
  try {
    return construct()
  } finally {
    applying.depth--
    replaying.cls = outer.cls
    replaying.event = outer.event
  }
}

/** Access to the aggregate's private state for the decorator machinery, set by the Aggregate class. */
export const aggregateInternals: {
  recordCreated?: (aggregate: Aggregate, fields: Record<string, unknown>) => void
  trigger?: (aggregate: Aggregate, eventClass: any, fields: Record<string, unknown>) => AggregateEvent
} = {}
