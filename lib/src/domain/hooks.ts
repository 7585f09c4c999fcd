/**
 * Shared state between events and aggregates that must not be public API: which method body applies
 * which event class, and whether an event is being applied right now (so that a decorated method called
 * from another decorated method's body runs without recording a second event).
 */
import type { Aggregate } from './aggregate.js'
import type { AggregateCreated, AggregateEvent } from './events.js'

/** The decorated method body that applies each event class, set when an aggregate class is prepared. */
export const eventBodies = new WeakMap<object, (fields?: Record<string, unknown>) => unknown>()

/** How deeply events are being applied right now. */
export const applying = { depth: 0 }

/** The static method an aggregate class uses to rebuild an aggregate from its created event. */
export const REPLAY_CREATED: unique symbol = Symbol('eventsourcing.replayCreated')

/** The aggregate class each event class belongs to. */
export const eventOwners = new WeakMap<object, object>()

/** What is being constructed right now: a new aggregate with its constructor argument, or a replay. */
export const constructions = new Map<object, { argument?: Record<string, unknown>; replaying?: AggregateCreated }>()

/** Access to the aggregate's private state for the decorator machinery, set by the Aggregate class. */
export const aggregateInternals: {
  pending?: (aggregate: Aggregate) => AggregateEvent[]
  recordCreated?: (aggregate: Aggregate, fields: Record<string, unknown>) => void
  trigger?: (aggregate: Aggregate, eventClass: any, fields: Record<string, unknown>) => AggregateEvent
} = {}
