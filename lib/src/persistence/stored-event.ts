/** The records a store keeps: events as topic and serialised state, and their notifications. */

/** A domain event as stored: who it belongs to, at which version, its class's topic, and its state. */
export interface StoredEvent {
  /** The id of the aggregate the event belongs to. */
  readonly originatorId: string
  /** The aggregate version the event produced. */
  readonly originatorVersion: number
  /** The topic of the event's class, used to rebuild it. */
  readonly topic: string
  /** The event's other properties, transcoded (and compressed and encrypted, if configured). */
  readonly state: Uint8Array
}

/** A stored event with its position in the application's sequence of all stored events. */
export interface Notification extends StoredEvent {
  /** The notification id: 1, 2, 3 … in the order the events were stored, across all aggregates. */
  readonly id: number
}

/** A position in an upstream application's notification log, recorded with the events it caused. */
export interface Tracking {
  /** The name of the upstream application. */
  readonly applicationName: string
  /** The id of the upstream notification that was processed. */
  readonly notificationId: number
}
