/**
 * Subscriptions: an application's domain events from a position on, each with its position (tracking), as
 * an async iterator that reads what is stored in pages (catch-up) and then waits for new events (live). The
 * hand-over has no gap because both are the same loop: read from the position after the last event given out,
 * and wait only when a read finds nothing and nothing was stored since the read began.
 */
import { Application, LogWatch, readLogPage } from '../application/index.js'
import type { DomainEvent } from '../domain/index.js'
import type { Tracking } from '../persistence/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'

/** Options for {@link subscribe}. */
export interface SubscribeOptions {
  /** The position to start after: the events with greater notification ids are given out. @default 0 */
  after?: number | undefined
  /** Only events with these topics (all when absent or empty). */
  topics?: readonly string[] | undefined
  /** How many notifications to read at a time. @default 100 */
  pageSize?: number | undefined
  /** How often to read the log while waiting, if the store cannot notify (SQLite), in milliseconds. @default 100 */
  pollIntervalMs?: number | undefined
  /** How often to read it anyway if the store notifies (PostgreSQL), in case a notification was missed. @default 1000 */
  notifiedPollIntervalMs?: number | undefined
  /**
   * Called when the subscription has given out everything stored and is about to wait, with its position
   * (which may be past the last event given out, when notifications of other topics followed it). A projection
   * runner records that position, so that waiting for a notification the projection ignores ends too.
   */
  onCaughtUp?: ((position: number) => void | Promise<void>) | undefined
}

/** One event of a subscription, with its position in the application's log. */
export interface SubscribedEvent {
  /** The domain event. */
  readonly domainEvent: DomainEvent
  /** Its position: the application's name and the event's notification id. */
  readonly tracking: Tracking
}

/**
 * Gives out an application's domain events from a position on: first those already stored, then each new
 * one as it is stored, until {@link ApplicationSubscription.close} (or `break` in `for await`).
 *
 * @example
 * ```ts
 * for await (const { domainEvent, tracking } of subscribe(school, { after: 0 })) {
 *   console.log(tracking.notificationId, domainEvent.constructor.name)
 * }
 * ```
 */
export class ApplicationSubscription implements AsyncIterableIterator<SubscribedEvent> {
  /** The application whose events are given out. */
  readonly application: Application
  readonly #options: Required<Omit<SubscribeOptions, 'topics' | 'onCaughtUp'>> & Pick<SubscribeOptions, 'onCaughtUp'>
  readonly #topics: readonly string[] | undefined
  readonly #buffer: SubscribedEvent[] = []
  #readPosition: number
  #givenPosition: number
  #started: Promise<void> | undefined
  #watch: LogWatch | undefined
  #generation = 0
  #wakeUp: (() => void) | undefined
  #queue: Promise<unknown> = Promise.resolve()
  #closed = false

  /** @throws {@link ProgrammingError} if `application` is not an application or an option is malformed. */
  constructor(application: Application, options: SubscribeOptions = {}) {
    if (!(application instanceof Application)) {
      throw new ProgrammingError(
        `subscribe() takes an application (such as new DogSchool()), but was given ${describeValue(application)}.`,
      )
    }
    checkOptions(options)
    this.application = application
    this.#topics = options.topics?.length ? [...options.topics] : undefined
    this.#options = {
      after: options.after ?? 0,
      pageSize: options.pageSize ?? 100,
      pollIntervalMs: options.pollIntervalMs ?? 100,
      notifiedPollIntervalMs: options.notifiedPollIntervalMs ?? 1000,
      onCaughtUp: options.onCaughtUp,
    }
    this.#readPosition = this.#options.after
    this.#givenPosition = this.#options.after
  }

  /**
   * How far the log has been given out: the notification id of the last event given out, or further if only
   * notifications of other topics followed it.
   */
  get position(): number {
    return this.#buffer.length > 0 ? this.#givenPosition : Math.max(this.#givenPosition, this.#readPosition)
  }

  /** Whether the subscription was closed. */
  get closed(): boolean {
    return this.#closed
  }

  /** Returns the subscription itself, so that `for await (const event of subscription)` reads it. */
  [Symbol.asyncIterator](): this {
    return this
  }

  /**
   * Resolves with the next event, waiting for one to be stored if need be; `done` once closed.
   *
   * @throws {@link ProgrammingError} at the first call if the position is ahead of the application's log.
   * @throws the error of a failed read or of an event that cannot be decoded; the position does not move, so
   *   the next call reads that event again.
   */
  next(): Promise<IteratorResult<SubscribedEvent>> {
    const result = this.#queue.then(() => this.#next())
    this.#queue = result.catch(() => {})
    return result
  }

  /** Closes the subscription (as `break` in `for await` does). */
  async return(): Promise<IteratorResult<SubscribedEvent>> {
    await this.close()
    return { done: true, value: undefined }
  }

  /** Stops reading and waiting: a pending {@link ApplicationSubscription.next} resolves as done. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#wakeUp?.()
    await this.#started?.catch(() => {})
    await this.#watch?.close()
  }

  /**
   * Checks the position against the application's log and starts hearing of new events; the first
   * {@link ApplicationSubscription.next} does it if this was not called. Calling it again does nothing.
   *
   * @throws {@link ProgrammingError} if the position is ahead of the application's log.
   */
  start(): Promise<void> {
    this.#started ??= this.#start()
    return this.#started
  }

  async #next(): Promise<IteratorResult<SubscribedEvent>> {
    if (this.#closed) return { done: true, value: undefined }
    await this.start()
    for (;;) {
      const event = this.#buffer.shift()
      if (event !== undefined) {
        this.#givenPosition = event.tracking.notificationId
        return { done: false, value: event }
      }
      if (this.#closed) return { done: true, value: undefined }
      const generation = this.#generation
      await this.#readPage()
      if (this.#buffer.length > 0 || this.#closed) continue
      await this.#options.onCaughtUp?.(this.position)
      if (generation === this.#generation && !this.#closed) {
        await new Promise<void>((resolve) => (this.#wakeUp = resolve))
        this.#wakeUp = undefined
      }
    }
  }

  async #start(): Promise<void> {
    const application = await this.application.ready()
    const last = await application.notificationLog.maxNotificationId()
    if (this.#options.after > last) {
      throw new ProgrammingError(
        `The subscription starts after notification ${this.#options.after} of ${application.name}, but its log ` +
          `ends at ${last}. The position belongs to another store (or the application's store was emptied): ` +
          `start from a position in this log, or drop the view's tables to rebuild it from the start.`,
      )
    }
    if (this.#closed) return
    this.#watch = new LogWatch(application, () => this.#wake(), this.#options)
    await this.#watch.start()
  }

  #wake(): void {
    this.#generation++
    this.#wakeUp?.()
  }

  async #readPage(): Promise<void> {
    const { application } = this
    const page = await readLogPage(application.notificationLog, this.#readPosition, {
      limit: this.#options.pageSize,
      topics: this.#topics,
    })
    // One decode of the whole page (a settled promise without cipher or compressor), not an await per event.
    const domainEvents = await application.mapper.toDomainEvents(page.notifications)
    const events = page.notifications.map((notification, index): SubscribedEvent => ({
      domainEvent: domainEvents[index]!,
      tracking: { applicationName: application.name, notificationId: notification.id },
    }))
    this.#buffer.push(...events)
    this.#readPosition = page.position
  }
}

/**
 * Subscribes to an application's domain events after a position: see {@link ApplicationSubscription}.
 *
 * @throws {@link ProgrammingError} if `application` is not an application or an option is malformed.
 * @example
 * ```ts
 * const subscription = subscribe(school, { after: await view.maxTrackingId(school.name) })
 * for await (const { domainEvent, tracking } of subscription) await projection.process(domainEvent, tracking)
 * ```
 */
export function subscribe(application: Application, options?: SubscribeOptions): ApplicationSubscription {
  return new ApplicationSubscription(application, options)
}

function checkOptions(options: unknown): asserts options is SubscribeOptions {
  const fail = (rule: string): never => {
    throw new ProgrammingError(`subscribe()'s options are not valid: ${rule}, but were ${describeValue(options)}.`)
  }
  if (!isPlainObject(options)) fail('they are an object such as { after: 0 }')
  const { after, topics, pageSize, pollIntervalMs, notifiedPollIntervalMs, onCaughtUp } = options as SubscribeOptions
  if (after !== undefined && !(Number.isSafeInteger(after) && after >= 0)) {
    fail('after is a notification id (a whole number ≥ 0)')
  }
  if (topics !== undefined && !(Array.isArray(topics) && topics.every((topic) => typeof topic === 'string'))) {
    fail('topics is an array of topic strings')
  }
  if (pageSize !== undefined && !(Number.isSafeInteger(pageSize) && pageSize > 0)) {
    fail('pageSize is a whole number ≥ 1')
  }
  for (const interval of [pollIntervalMs, notifiedPollIntervalMs]) {
    if (interval !== undefined && !(typeof interval === 'number' && interval > 0)) {
      fail('the poll intervals are numbers of milliseconds > 0')
    }
  }
  if (onCaughtUp !== undefined && typeof onCaughtUp !== 'function') fail('onCaughtUp is a function')
}
