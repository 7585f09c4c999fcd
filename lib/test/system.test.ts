/** Part 4's system on the in-memory store and on SQLite. */
import { describeSystem } from './suites/system.suite.js'
import { tempDbPath } from './support/sqlite.js'

describeSystem('in memory', () => ({}), { durable: false })
describeSystem(
  'on SQLite files, one per application',
  () => ({
    PERSISTENCE_MODULE: 'eventsourcing/sqlite',
    DOGSCHOOL_SQLITE_DBNAME: tempDbPath('dogschool'),
    COUNTERS_SQLITE_DBNAME: tempDbPath('counters'),
  }),
  { durable: true },
)
describeSystem(
  'on one SQLite file shared by both applications',
  () => ({ PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: tempDbPath('system') }),
  { durable: true },
)
