/// <reference types="node" />
/**
 * How a follower in a worker learns that its leader has stored events, when the leader's writes may come
 * from any thread or process: from the store itself. A store that can notify (PostgreSQL's LISTEN/NOTIFY,
 * sent inside the leader's write transaction) wakes the follower as each write commits, and is still read
 * now and then in case a notification was missed (while the listening connection was down); a store that
 * cannot (SQLite) is read at a short interval. A wake-up only prompts the follower to read from its own
 * tracked position, so a missed or repeated one never loses or repeats an event.
 */
import type { Application } from '../application/index.js'

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

/** How often a {@link LeaderWatch} reads, in milliseconds. */
export interface WatchIntervals {
  /** For a store that cannot notify. */
  readonly pollIntervalMs: number
  /** For a store that notifies, while its listening connection is up. */
  readonly notifiedPollIntervalMs: number
}

/** Wakes a follower when one leader has (or may have) stored events. */
export class LeaderWatch {
  readonly #recorder: Partial<NotifyingRecorder>
  #listener: Listener | undefined
  #lastListenAt = -Infinity
  #timer: NodeJS.Timeout | undefined
  #closed = false

  constructor(
    leader: Application,
    readonly wake: () => void,
    readonly intervals: WatchIntervals,
  ) {
    this.#recorder = leader.recorder as Partial<NotifyingRecorder>
  }

  /** Whether the leader's store can notify. */
  get canListen(): boolean {
    return typeof this.#recorder.listen === 'function'
  }

  /** Whether a listening connection is up. */
  get listening(): boolean {
    return this.#listener !== undefined
  }

  /** Starts listening (if the store can notify) and reading at the interval. */
  async start(): Promise<void> {
    await this.#listen()
    this.#schedule()
  }

  /** Stops listening and reading. */
  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#timer)
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
