/**
 * A processing event: the new events of one unit of work, and (for a process application) the position in
 * an upstream notification log that the work processed. Everything it holds is recorded in one atomic write,
 * which is what makes each upstream event have its effect exactly once.
 */
import { Aggregate, DomainEvent } from '../domain/index.js'
import type { Tracking } from '../persistence/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

/** The new events of one unit of work, with the upstream position it processed, if any. */
export class ProcessingEvent {
  /** The upstream notification this work processed, recorded with the events. */
  readonly tracking: Tracking | undefined
  /** The events collected so far, in order. */
  readonly events: DomainEvent[] = []
  /** The aggregates whose events were collected, by id. */
  readonly aggregates = new Map<string, Aggregate>()

  constructor(tracking?: Tracking) {
    this.tracking = tracking
  }

  /**
   * Collects the new events of aggregates (and any domain events given as they are), to be recorded together.
   *
   * @throws {@link ProgrammingError} if an argument is neither an aggregate nor a domain event.
   * @example
   * ```ts
   * processingEvent.collectEvents(counter)
   * ```
   */
  collectEvents(...objects: (Aggregate | DomainEvent | null | undefined)[]): void {
    checkCollectable(objects, 'collectEvents()')
    for (const object of objects) {
      if (object instanceof Aggregate) {
        for (const event of object.collectEvents()) this.events.push(event)
        this.aggregates.set(object.id, object)
      } else if (object instanceof DomainEvent) {
        this.events.push(object)
      }
    }
  }
}

/**
 * Checks every argument before any aggregate's events are collected, so that a bad argument leaves every
 * aggregate's pending events where they were.
 *
 * @throws {@link ProgrammingError} naming the call and the argument that is neither an aggregate nor an event.
 */
export function checkCollectable(objects: readonly unknown[], call: string): void {
  for (let index = 0; index < objects.length; index++) {
    const object = objects[index]
    if (object === null || object === undefined || object instanceof Aggregate || object instanceof DomainEvent)
      continue
    throw new ProgrammingError(
      `${call} takes aggregates (or domain events), but argument ${index + 1} is ${describeValue(object)}.`,
    )
  }
}
