/**
 * How a reader of an application's log (a process application in a worker, a projection's subscription)
 * learns that the application has stored events, wherever its writes come from. A write made through this
 * application object wakes the reader at once; a store that can notify (PostgreSQL's LISTEN/NOTIFY, sent
 * inside the write transaction) wakes it as each write of any process commits, and is still read now and then
 * in case a notification was missed (while the listening connection was down); a store that cannot (SQLite
 * written by other processes) is read at a short interval. A wake-up only prompts the reader to read from its
 * own position, so a missed or repeated one never loses or repeats an event.
 */
import type { Application } from './application.js'

/**
 * What a recorder offers if its store can notify: `PostgresApplicationRecorder.listen` in
 * `eventsourcing/postgres`. Found by its shape, so that this module does not import a store.
 */
interface NotifyingRecorder {
  listen(onNotification: (notificationId: number) => void, onError?: (error: Error) => void): Promise<Listener>
}

interface Listener {
  close(): Promise<void>
}

/** How often a {@link LogWatch} reads, in milliseconds. */
export interface WatchIntervals {
  /** For a store that cannot notify. */
  readonly pollIntervalMs: number
  /** For a store that notifies, while its listening connection is up. */
  readonly notifiedPollIntervalMs: number
}

/** Wakes a reader when an application has (or may have) stored events. */
export class LogWatch {
  readonly #application: Application
  readonly #recorder: Partial<NotifyingRecorder>
  #listener: Listener | undefined
  #lastListenAt = -Infinity
  #timer: ReturnType<typeof setTimeout> | undefined
  #stopHearing: (() => void) | undefined
  #closed = false

  /** The application must be ready (its persistence loaded). */
  constructor(
    application: Application,
    /** Called when the application has (or may have) stored events: the reader should read its log. */
    readonly wake: () => void,
    /** How often to poll the log, with and without a listening connection. */
    readonly intervals: WatchIntervals,
  ) {
    this.#application = application
    this.#recorder = application.recorder as Partial<NotifyingRecorder>
  }

  /** Whether the leader's store can notify. */
  get canListen(): boolean {
    return typeof this.#recorder.listen === 'function'
  }

  /** Whether a listening connection is up. */
  get listening(): boolean {
    return this.#listener !== undefined
  }

  /**
   * Starts hearing this application object's writes, listening (if the store can notify) and reading at the
   * interval. Whatever is stored after it resolves wakes the reader.
   */
  async start(): Promise<void> {
    this.#stopHearing = this.#application.onRecorded(() => this.wake())
    await this.#listen()
    this.#schedule()
  }

  /** Stops listening and reading. */
  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#timer)
    this.#stopHearing?.()
    const listener = this.#listener
    this.#listener = undefined
    await listener?.close()
  }

  async #listen(): Promise<void> {
    if (!this.canListen || this.#closed) return
    this.#lastListenAt = Date.now()
    try {
      const listener = await this.#recorder.listen!(
        () => this.wake(),
        () => {
          // The connection failed: read at the short interval until listening again.
          if (this.#listener === listener) this.#listener = undefined
        },
      )
      if (this.#closed) await listener.close()
      else this.#listener = listener
    } catch {
      // The server cannot be reached now: read at the short interval, and try listening again later.
    }
  }

  #schedule(): void {
    if (this.#closed) return
    const interval = this.#listener ? this.intervals.notifiedPollIntervalMs : this.intervals.pollIntervalMs
    this.#timer = setTimeout(() => void this.#tick(), interval)
  }

  async #tick(): Promise<void> {
    if (this.#closed) return
    this.wake()
    if (this.canListen && !this.listening && Date.now() - this.#lastListenAt >= this.intervals.notifiedPollIntervalMs) {
      await this.#listen()
      // Whatever was stored while no one listened is read now.
      if (this.listening) this.wake()
    }
    this.#schedule()
  }
}
