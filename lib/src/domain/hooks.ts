/**
 * Shared state between events and aggregates that must not be public API: which method body applies
 * which event class, and whether an event is being applied right now (so that a decorated method called
 * from another decorated method's body runs without recording a second event).
 */

/** The decorated method body that applies each event class, set when an aggregate class is prepared. */
export const eventBodies = new WeakMap<object, (fields?: Record<string, unknown>) => unknown>()

/** How deeply events are being applied right now. */
export const applying = { depth: 0 }

/** The static method an aggregate class uses to rebuild an aggregate from its created event. */
export const REPLAY_CREATED: unique symbol = Symbol('eventsourcing.replayCreated')
