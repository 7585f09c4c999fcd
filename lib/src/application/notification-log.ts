/**
 * The notification log: every event an application stored, numbered 1, 2, 3 … in storage order across
 * all its aggregates. Followers (read models, process applications, backups) page through it with
 * `select`, starting each page at the last id they saw plus one.
 */
import type { ApplicationRecorder, Notification, SelectNotificationsOptions } from '../persistence/index.js'
import { checkSelectNotifications } from '../persistence/index.js'

/** Reads an application's notifications. */
export class NotificationLog {
  readonly #recorder: () => ApplicationRecorder | Promise<ApplicationRecorder>

  /** @param recorder - the application recorder, or a function that returns it once it is ready */
  constructor(recorder: ApplicationRecorder | (() => ApplicationRecorder | Promise<ApplicationRecorder>)) {
    this.#recorder = typeof recorder === 'function' ? recorder : () => recorder
  }

  /**
   * Returns up to `limit` notifications with ids from `start` (to `stop`, if given), in id order.
   *
   * @throws {@link ProgrammingError} if `start` or `limit` is not a whole number of 1 or more.
   * @example
   * ```ts
   * const page = await app.notificationLog.select({ start: 1, limit: 10 })
   * const next = await app.notificationLog.select({ start: page.at(-1)!.id + 1, limit: 10 })
   * ```
   */
  async select(options: SelectNotificationsOptions): Promise<Notification[]> {
    checkSelectNotifications(options)
    return (await this.#recorder()).selectNotifications(options)
  }

  /** Returns the id of the latest notification, or 0 if there is none. */
  async maxNotificationId(): Promise<number> {
    return (await this.#recorder()).maxNotificationId()
  }
}
