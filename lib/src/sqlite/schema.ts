/**
 * The SQL text of the SQLite store: its tables (after the Python library's) and its statements. Table
 * names are checked plain identifiers, so they are written into the SQL as they are.
 */
import type { SelectEventsOptions, SelectNotificationsOptions } from '../persistence/index.js'

/** Creates an aggregate recorder's table: events keyed by (originator id, version). */
export function aggregateTableSql(table: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      originator_id TEXT NOT NULL,
      originator_version INTEGER NOT NULL,
      topic TEXT NOT NULL,
      state BLOB NOT NULL,
      PRIMARY KEY (originator_id, originator_version)
    ) WITHOUT ROWID`,
  ]
}

/**
 * Creates an application recorder's table: events with a notification id. SQLite has one writer at a
 * time, so AUTOINCREMENT ids are handed out in commit order (and never reused).
 */
export function applicationTableSql(table: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      notification_id INTEGER PRIMARY KEY AUTOINCREMENT,
      originator_id TEXT NOT NULL,
      originator_version INTEGER NOT NULL,
      topic TEXT NOT NULL,
      state BLOB NOT NULL,
      UNIQUE (originator_id, originator_version)
    )`,
  ]
}

/** Creates a process recorder's tracking table: one row per processed upstream notification. */
export function trackingTableSql(table: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      application_name TEXT NOT NULL,
      notification_id INTEGER NOT NULL,
      PRIMARY KEY (application_name, notification_id)
    ) WITHOUT ROWID`,
  ]
}

/** Inserts one event. */
export function insertEventSql(table: string): string {
  return `INSERT INTO ${table} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)`
}

/** Selects an aggregate's events; the parameters are the id, then `gt`, `lte` and `limit` when given. */
export function selectEventsSql(table: string, options: SelectEventsOptions): string {
  return (
    `SELECT originator_version, topic, state FROM ${table} WHERE originator_id = ?` +
    (options.gt !== undefined ? ' AND originator_version > ?' : '') +
    (options.lte !== undefined ? ' AND originator_version <= ?' : '') +
    ` ORDER BY originator_version ${options.desc ? 'DESC' : 'ASC'}` +
    (options.limit !== undefined ? ' LIMIT ?' : '')
  )
}

/** Selects notifications; the parameters are `start`, then `stop` when given, the topics, then `limit`. */
export function selectNotificationsSql(table: string, options: SelectNotificationsOptions): string {
  const topicCount = options.topics?.length ?? 0
  return (
    `SELECT notification_id, originator_id, originator_version, topic, state FROM ${table} ` +
    'WHERE notification_id >= ?' +
    (options.stop !== undefined ? ' AND notification_id <= ?' : '') +
    (topicCount > 0 ? ` AND topic IN (${Array(topicCount).fill('?').join(', ')})` : '') +
    ' ORDER BY notification_id LIMIT ?'
  )
}

/** Selects the largest notification id. */
export function maxNotificationIdSql(table: string): string {
  return `SELECT MAX(notification_id) AS id FROM ${table}`
}

/** Inserts one tracking record. */
export function insertTrackingSql(table: string): string {
  return `INSERT INTO ${table} (application_name, notification_id) VALUES (?, ?)`
}

/** Selects the largest tracked notification id of one upstream application. */
export function maxTrackingIdSql(table: string): string {
  return `SELECT MAX(notification_id) AS id FROM ${table} WHERE application_name = ?`
}

/** Selects one tracking record. */
export function hasTrackingIdSql(table: string): string {
  return `SELECT 1 AS found FROM ${table} WHERE application_name = ? AND notification_id = ?`
}
