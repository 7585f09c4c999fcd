/**
 * Sharing a SQLite file with the Python eventsourcing library 9.x: the interoperability scenario (the
 * Python library writes, this library reads and appends, the Python library reads back), run for real with
 * the library's copy and Debian's python3.
 */
import { describePythonInterop } from './suites/python-interop.suite.js'
import { tempDbPath } from './support/sqlite.js'

describePythonInterop('a SQLite file shared with Python', async () => {
  const dbName = tempDbPath('python')
  return {
    python: { PERSISTENCE_MODULE: 'eventsourcing.sqlite', SQLITE_DBNAME: dbName },
    typescript: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: dbName, STORAGE_FORMAT: 'python' },
  }
})
