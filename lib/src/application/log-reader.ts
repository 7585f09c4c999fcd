/**
 * Reading an application's log a page at a time from a position, as every follower of a log does (process
 * applications, projections' subscriptions). With a topic filter, the notifications of other topics are never
 * read, yet the position still moves past them: the log's last id, read before the page, is where the reader
 * stands once a short page is processed, since ids are handed out in commit order.
 */
import type { Notification, SelectNotificationsOptions } from '../persistence/index.js'

/** What a follower reads a log through: `app.notificationLog`. */
export interface ReadableLog {
  /** Returns notifications in id order, from `options.start`, at most `options.limit`, of `options.topics` if given. */
  select(options: SelectNotificationsOptions): Promise<Notification[]>
  /** Returns the id of the log's last notification, or 0 if it has none. */
  maxNotificationId(): Promise<number>
}

/** One page of a log, read by {@link readLogPage}. */
export interface LogPage {
  /** The notifications after the position, of the given topics, in id order. */
  readonly notifications: Notification[]
  /**
   * The position the reader stands at once it has processed these notifications: the last one's id, or
   * further on if the page was short and the log had notifications of other topics after it.
   */
  readonly position: number
  /** Whether the log may have more notifications after this page (it was full). */
  readonly more: boolean
}

/** Reads up to `limit` notifications after `after`, of the given topics (all when absent or empty). */
export async function readLogPage(
  log: ReadableLog,
  after: number,
  { limit, topics }: { limit: number; topics?: readonly string[] | undefined },
): Promise<LogPage> {
  const filtered = topics !== undefined && topics.length > 0
  const last = filtered ? await log.maxNotificationId() : 0
  const notifications = await log.select({ start: after + 1, limit, topics: filtered ? topics : undefined })
  const more = notifications.length === limit
  let position = notifications.at(-1)?.id ?? after
  if (!more) position = Math.max(position, last)
  return { notifications, position, more }
}
