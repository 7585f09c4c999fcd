/**
 * Projections: what turns an application's events into a view's updates. A projection says with `@handles`
 * which method handles which class of events, and each method changes the view through the view's own
 * command methods, passing on the event's tracking so that the change and the position are stored together.
 */
import {
  eventHandlers,
  findEventHandler,
  handledTopics,
  handlerDecorator,
  type EventHandlerRegistration,
} from '../application/index.js'
import type { DomainEvent } from '../domain/index.js'
import type { Tracking, TrackingRecorder } from '../persistence/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

const HANDLERS: unique symbol = Symbol('eventsourcing.projectionHandlers')

/**
 * Makes the decorated method the handler of events of `eventClass` (and of its subclasses): the projection's
 * default {@link Projection.process} calls it with the event and its tracking, which the method passes to the
 * view command that records the change. A projection with handlers reads only the events they take.
 *
 * @throws {@link ProgrammingError} if the argument is not an event class, or the decorator is not on an
 *   instance method.
 * @example
 * ```ts
 * class DogCountsProjection extends Projection<DogCounts> {
 *   @handles(Dog.Registered)
 *   async dogRegistered(_event: InstanceType<typeof Dog.Registered>, tracking: Tracking) {
 *     await this.view.countDog(tracking)
 *   }
 * }
 * ```
 */
export const handles = handlerDecorator<Tracking>({ key: HANDLERS, decorator: 'handles', owner: 'a projection' })

/**
 * The base class of projections of an application into a view of type `V`. Decorate methods with
 * `@handles(EventClass)`, or override {@link Projection.process} to handle every event.
 */
export abstract class Projection<V extends TrackingRecorder = TrackingRecorder> {
  /** The projection's name when it must not come from the class name (for example in minified code). */
  static projectionName?: string
  /** The view the projection writes to. */
  readonly view: V
  readonly #topicsMemo: { key?: string; topics?: string[] | undefined } = {}
  readonly #checkedHandlers = new Set<EventHandlerRegistration>()

  /** @throws {@link ProgrammingError} if `view` is not a tracking recorder. */
  constructor(view: V) {
    const methods = ['insertTracking', 'maxTrackingId', 'hasTrackingId', 'wait'] as const
    if (methods.some((method) => typeof (view as Partial<TrackingRecorder> | undefined)?.[method] !== 'function')) {
      throw new ProgrammingError(
        `A projection takes the view it writes to (a tracking recorder, such as a subclass of ` +
          `InMemoryTrackingRecorder), but ${this.constructor.name} was given ${describeValue(view)}.`,
      )
    }
    this.view = view
  }

  /** The projection's name: `static projectionName`, else the class's name. It names the view's tables. */
  get name(): string {
    return projectionNameOf(this.constructor as typeof Projection)
  }

  /**
   * The topics of the events the `@handles` methods take, so that other notifications are not read at all;
   * `undefined` (read everything) when `process` is overridden or no method is decorated.
   */
  get topics(): string[] | undefined {
    if ((this as { process: unknown }).process !== Projection.prototype.process) return undefined
    return handledTopics(eventHandlers(this.constructor, HANDLERS), this.#topicsMemo)
  }

  /**
   * Processes one event: calls the `@handles` method for its class, or, if there is none, records only its
   * tracking (so that the view's position moves on and `wait()` for it ends).
   *
   * @throws {@link ProgrammingError} if a handler returned without recording the event's tracking in the view
   *   (checked the first time each handler runs): processing would not be exactly once.
   * @throws the error of the handler or of the view's write; nothing of the event's processing is recorded.
   */
  async process(domainEvent: DomainEvent, tracking: Tracking): Promise<void> {
    const registration = findEventHandler(eventHandlers(this.constructor, HANDLERS), domainEvent)
    if (registration === undefined) return this.view.insertTracking(tracking)
    await registration.handler.call(this, domainEvent, tracking)
    if (this.#checkedHandlers.has(registration)) return
    if (!(await this.view.hasTrackingId(tracking.applicationName, tracking.notificationId))) {
      throw new ProgrammingError(
        `${this.name}.${registration.methodName} returned without recording notification ` +
          `${tracking.notificationId} of ${tracking.applicationName} in the view. Pass the tracking to the view ` +
          `command that records the change (such as this.view.countDog(tracking)), so that the change and its ` +
          `position are stored together, exactly once.`,
      )
    }
    this.#checkedHandlers.add(registration)
  }
}

/** The name of a projection class: `static projectionName`, else the class's name. */
export function projectionNameOf(cls: { projectionName?: string | undefined; name: string }): string {
  return cls.projectionName ?? cls.name
}
