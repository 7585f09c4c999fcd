/**
 * The SQL text of the PostgreSQL store: its tables (after the Python library's) and its statements.
 * Table names are checked plain identifiers, optionally qualified by a checked schema name, so they are
 * written into the SQL as they are.
 */
import type { SelectEventsOptions, SelectNotificationsOptions } from '../persistence/index.js'

/** Most events in one INSERT statement (PostgreSQL allows 65,535 parameters, four per event). */
export const MAX_ROWS_PER_INSERT = 1000

const EVENT_COLUMNS = `originator_id text NOT NULL,
      originator_version bigint NOT NULL,
      topic text NOT NULL,
      state bytea NOT NULL`

/** Creates an aggregate recorder's table: events keyed by (originator id, version). */
export function aggregateTableSql(table: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      ${EVENT_COLUMNS},
      PRIMARY KEY (originator_id, originator_version)
    )`,
  ]
}

/** Creates an application recorder's table: events with a notification id from a sequence. */
export function applicationTableSql(table: string, name: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      ${EVENT_COLUMNS},
      notification_id bigserial NOT NULL,
      PRIMARY KEY (originator_id, originator_version)
    )`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${name}_notification_id_idx ON ${table} (notification_id)`,
  ]
}

/** Creates a process recorder's tracking table: one row per processed upstream notification. */
export function trackingTableSql(table: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      application_name text NOT NULL,
      notification_id bigint NOT NULL,
      PRIMARY KEY (application_name, notification_id)
    )`,
  ]
}

/**
 * Locks the events table against other writers until the transaction ends (readers are not blocked).
 * Taken before notification ids are drawn, it makes ids increase in commit order: no transaction can
 * draw an id while one that drew a lower id is still uncommitted, so a follower never skips an event.
 */
export function lockTableSql(table: string): string {
  return `LOCK TABLE ${table} IN EXCLUSIVE MODE`
}

/** Inserts `count` events; the parameters are each event's id, version, topic and state in turn. */
export function insertEventsSql(table: string, count: number, returnIds: boolean): string {
  const rows = Array.from({ length: count }, (_, index) => {
    const first = index * 4 + 1
    return `($${first}, $${first + 1}, $${first + 2}, $${first + 3})`
  })
  return (
    `INSERT INTO ${table} (originator_id, originator_version, topic, state) VALUES ${rows.join(', ')}` +
    (returnIds ? ' RETURNING originator_id, originator_version, notification_id' : '')
  )
}

/** The longest channel name PostgreSQL takes (NAMEDATALEN - 1 bytes). */
const MAX_CHANNEL_LENGTH = 63

/**
 * Returns the notification channel of an events table: its qualified name (`schema.table`), or, when that is
 * longer than PostgreSQL allows, its first 54 characters and a hash of the whole name, so that every process
 * derives the same channel from the same table.
 */
export function notifyChannelName(qualifiedTable: string): string {
  if (qualifiedTable.length <= MAX_CHANNEL_LENGTH) return qualifiedTable
  let hash = 0x811c9dc5 // FNV-1a, 32 bits
  for (let index = 0; index < qualifiedTable.length; index++) {
    hash = Math.imul(hash ^ qualifiedTable.charCodeAt(index), 0x01000193) >>> 0
  }
  return `${qualifiedTable.slice(0, MAX_CHANNEL_LENGTH - 9)}_${hash.toString(16).padStart(8, '0')}`
}

/** Listens on a channel (a name of letters, digits, underscores and dots, quoted as an identifier). */
export function listenSql(channel: string): string {
  return `LISTEN "${channel.replaceAll('"', '""')}"`
}

/**
 * Notifies a channel that events up to `notificationId` are stored. Sent in the write's transaction, in the
 * round trip of its COMMIT (so it costs no round trip of its own, and no parameters: the channel is a checked
 * name, quoted as a string, and the id a whole number): PostgreSQL delivers it when, and only if, the write
 * commits.
 */
export function notifySql(channel: string, notificationId: number): string {
  return `SELECT pg_notify('${channel.replaceAll("'", "''")}', '${Math.trunc(notificationId)}')`
}

/** Selects an aggregate's events; the parameters are the id, then `gt`, `lte` and `limit` when given. */
export function selectEventsSql(table: string, options: SelectEventsOptions): string {
  let count = 1
  return (
    `SELECT originator_version, topic, state FROM ${table} WHERE originator_id = $1` +
    (options.gt !== undefined ? ` AND originator_version > $${++count}` : '') +
    (options.lte !== undefined ? ` AND originator_version <= $${++count}` : '') +
    ` ORDER BY originator_version ${options.desc ? 'DESC' : 'ASC'}` +
    (options.limit !== undefined ? ` LIMIT $${++count}` : '')
  )
}

/** Selects notifications; the parameters are `start`, then `stop` when given, the topics array, then `limit`. */
export function selectNotificationsSql(table: string, options: SelectNotificationsOptions): string {
  let count = 1
  return (
    `SELECT notification_id, originator_id, originator_version, topic, state FROM ${table} ` +
    'WHERE notification_id >= $1' +
    (options.stop !== undefined ? ` AND notification_id <= $${++count}` : '') +
    (options.topics?.length ? ` AND topic = ANY($${++count})` : '') +
    ` ORDER BY notification_id LIMIT $${++count}`
  )
}

/** Selects the largest notification id. */
export function maxNotificationIdSql(table: string): string {
  return `SELECT MAX(notification_id) AS id FROM ${table}`
}

/** Inserts one tracking record. */
export function insertTrackingSql(table: string): string {
  return `INSERT INTO ${table} (application_name, notification_id) VALUES ($1, $2)`
}

/** Selects the largest tracked notification id of one upstream application. */
export function maxTrackingIdSql(table: string): string {
  return `SELECT MAX(notification_id) AS id FROM ${table} WHERE application_name = $1`
}

/** Selects one tracking record. */
export function hasTrackingIdSql(table: string): string {
  return `SELECT 1 AS found FROM ${table} WHERE application_name = $1 AND notification_id = $2`
}
