/**
 * The process application: an application that follows others. It reads each leader's notification log from
 * the position it has recorded, turns each notification back into a domain event with the leader's mapper,
 * gives it to its policy, and records the policy's new events together with the notification's position in
 * one atomic write. A notification is therefore processed exactly once, even across crashes and restarts:
 * either its effects and its position are both stored, or neither is.
 */
import { Application, findEventHandler, handledTopics, ProcessingEvent, readLogPage } from '../application/index.js'
import type { DomainEvent } from '../domain/index.js'
import {
  isIntegrityError,
  type Notification,
  type ProcessRecorder,
  type InfrastructureFactory,
} from '../persistence/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'
import { ProcessingError } from './errors.js'
import { policyHandlers } from './policy.js'

/** How many notifications a follower reads from its leader at a time. */
const PAGE_SIZE = 100

/** Options for {@link ProcessApplication.pullAndProcess}. */
export interface PullOptions {
  /** Stop between two notifications once this signal is aborted (a runner stopping). */
  signal?: AbortSignal | undefined
}

/**
 * An application that follows others and reacts to their events. Decorate methods with `@policy(EventClass)`
 * to handle the events of a class, or override {@link ProcessApplication.policy} to handle them all.
 *
 * @example
 * ```ts
 * class Counters extends ProcessApplication {
 *   @policy(Dog.TrickAdded)
 *   async countTrick(event: InstanceType<typeof Dog.TrickAdded>, processing: ProcessingEvent) {
 *     const counter = await this.counterFor(event.trick)
 *     counter.increment()
 *     processing.collectEvents(counter)
 *   }
 * }
 * ```
 */
export class ProcessApplication extends Application {
  readonly #leaders = new Map<string, Application>()
  readonly #positions = new Map<string, number>()
  #queue: Promise<unknown> = Promise.resolve()
  readonly #topicsMemo: { key?: string; topics?: string[] | undefined } = {}

  /** The recorder, which also records how far each leader's log has been processed. */
  override get recorder(): ProcessRecorder {
    return super.recorder as ProcessRecorder
  }

  /** The names of the applications this one follows. */
  get leaderNames(): string[] {
    return [...this.#leaders.keys()]
  }

  /**
   * Follows `leader`: its notifications are processed by {@link ProcessApplication.pullAndProcess}. The leader
   * may be an application object of this process, or one made only to read another process's store.
   *
   * @throws {@link ProgrammingError} if `leader` is not an application, is this application, or has the name of
   *   an application this one already follows.
   */
  follow(leader: Application): void {
    if (!(leader instanceof Application)) {
      throw new ProgrammingError(`follow() takes an application, but was given ${describeValue(leader)}.`)
    }
    if (leader === this || leader.name === this.name) {
      throw new ProgrammingError(`The application ${this.name} cannot follow itself.`)
    }
    const known = this.#leaders.get(leader.name)
    if (known !== undefined && known !== leader) {
      throw new ProgrammingError(
        `${this.name} already follows an application named ${leader.name}. Give each application of a system ` +
          `its own name (static applicationName).`,
      )
    }
    this.#leaders.set(leader.name, leader)
  }

  /**
   * Handles one upstream event: calls the `@policy` method for its class, if there is one. Override it to
   * handle events another way; collect new events with `processingEvent.collectEvents(...)`, never `save()`:
   * only collected events are recorded together with the upstream position, exactly once.
   */
  policy(domainEvent: DomainEvent, processingEvent: ProcessingEvent): void | Promise<void> {
    const registration = findEventHandler(policyHandlers(this.constructor), domainEvent)
    if (registration === undefined) return
    return registration.handler.call(this, domainEvent, processingEvent)
  }

  /**
   * Processes the leader's notifications that this application has not processed yet, in order, each in one
   * atomic write with its position. Calls for one application run one after another, never interleaved.
   *
   * @returns how many notifications were processed.
   * @throws {@link ProgrammingError} if this application does not follow the named application.
   * @throws {@link ProcessingError} if the policy throws or the write fails, naming the notification; nothing
   *   of that notification's processing is recorded, and the next call starts at it again.
   */
  pullAndProcess(leaderName: string, options: PullOptions = {}): Promise<number> {
    const leader = this.#leaders.get(leaderName)
    if (leader === undefined) {
      const followed = this.leaderNames.join(', ') || 'no application'
      return Promise.reject(
        new ProgrammingError(
          `${this.name} does not follow an application named ${describeValue(leaderName)}; it follows ${followed}. ` +
            `Put both in one pipe of the system, or call follow(leader) first.`,
        ),
      )
    }
    const run = this.#queue.then(() => this.#pull(leader, options.signal))
    this.#queue = run.catch(() => {})
    return run
  }

  /** The position after which this application reads the leader's log next: the last notification it processed. */
  async position(leaderName: string): Promise<number> {
    const recorded = await (await this.ready()).recorder.maxTrackingId(leaderName)
    return Math.max(recorded, this.#positions.get(leaderName) ?? 0)
  }

  protected override constructRecorder(factory: InfrastructureFactory): ProcessRecorder {
    return factory.processRecorder()
  }

  async #pull(leader: Application, signal: AbortSignal | undefined): Promise<number> {
    await leader.ready()
    // This application's processing is serialised, so the position it last reached is current: the store is
    // asked only the first time.
    let position = this.#positions.get(leader.name) ?? (await this.position(leader.name))
    let processed = 0
    for (;;) {
      const page = await readLogPage(leader.notificationLog, position, { limit: PAGE_SIZE, topics: this.#topics() })
      for (const notification of page.notifications) {
        if (signal?.aborted) return processed
        await this.#process(leader, notification)
        position = notification.id
        this.#positions.set(leader.name, position)
        processed++
      }
      position = Math.max(position, page.position)
      this.#positions.set(leader.name, position)
      if (!page.more) return processed
    }
  }

  async #process(leader: Application, notification: Notification): Promise<void> {
    const where = { applicationName: this.name, leaderName: leader.name, notificationId: notification.id }
    try {
      const domainEvent = await leader.mapper.toDomainEvent(notification)
      const processing = new ProcessingEvent({ applicationName: leader.name, notificationId: notification.id })
      await this.policy(domainEvent, processing)
      await this.record(processing)
    } catch (cause) {
      const reason =
        isIntegrityError(cause) && (cause as { originatorId?: unknown }).originatorId === undefined
          ? 'it was recorded as processed by another process meanwhile (one follower of a leader per store)'
          : String((cause as Error)?.message ?? cause).replace(/\.+$/, '')
      throw new ProcessingError(
        `${this.name} could not process notification ${notification.id} of ${leader.name} ` +
          `(${notification.topic}): ${reason}. Nothing of its processing was recorded; ${this.name} resumes at ` +
          `that notification when it processes ${leader.name} again.`,
        where,
        { cause },
      )
    }
  }

  /**
   * The topics of the events the `@policy` handlers take, so that other notifications are not read at all;
   * `undefined` (read everything) when `policy` is overridden or no handler is declared.
   */
  #topics(): string[] | undefined {
    if ((this as { policy: unknown }).policy !== ProcessApplication.prototype.policy) return undefined
    return handledTopics(policyHandlers(this.constructor), this.#topicsMemo)
  }
}
