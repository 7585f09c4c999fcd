/** The projection module on the in-memory store and on SQLite. */
import { describeProjectionCrashes } from './suites/projection-crash.suite.js'
import { describeProjection } from './suites/projection.suite.js'
import { tempDbPath } from './support/sqlite.js'

describeProjection('in memory', { env: () => ({}), durable: false })
describeProjection('on SQLite', {
  env: () => ({ PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: tempDbPath('projection') }),
  durable: true,
  hears: 'polling',
})
describeProjectionCrashes('on SQLite', () => ({
  PERSISTENCE_MODULE: 'eventsourcing/sqlite',
  SQLITE_DBNAME: tempDbPath('crashes'),
}))
