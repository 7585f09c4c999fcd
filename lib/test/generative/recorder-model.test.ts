/**
 * The model-based check of the recorders on the in-memory store and on SQLite (a file, and a shared
 * in-memory database). Both number notifications 1, 2, 3 … with no gaps: the in-memory store numbers
 * only what it stores, and SQLite rolls back the AUTOINCREMENT counter with a rejected write.
 */
import {
  InMemoryAggregateRecorder,
  InMemoryApplicationRecorder,
  InMemoryProcessRecorder,
} from 'eventsourcing/persistence'
import { SqliteAggregateRecorder, SqliteApplicationRecorder, SqliteProcessRecorder } from 'eventsourcing/sqlite'
import { describeRecorderModel } from '../suites/recorder-model.suite.js'
import { sharedMemoryDbName, sqliteRecorders, tempDbPath } from '../support/sqlite.js'

// An in-memory recorder has no connections: "another connection" is the same recorder.
const inMemory = <R>(create: () => R) => ({ create, connectAgain: (recorder: R) => recorder, gapFreeIds: true })

describeRecorderModel(
  'InMemoryAggregateRecorder',
  inMemory(() => new InMemoryAggregateRecorder()),
  { runs: 60 },
)
describeRecorderModel(
  'InMemoryApplicationRecorder',
  inMemory(() => new InMemoryApplicationRecorder()),
  { runs: 60 },
)
describeRecorderModel(
  'InMemoryProcessRecorder',
  inMemory(() => new InMemoryProcessRecorder()),
  { runs: 60 },
)

for (const [name, dbName] of [
  ['file', () => tempDbPath()],
  ['shared memory', sharedMemoryDbName],
] as const) {
  const sqlite = { gapFreeIds: true }
  describeRecorderModel(`SqliteAggregateRecorder (${name})`, {
    ...sqliteRecorders(SqliteAggregateRecorder, dbName),
    ...sqlite,
  })
  describeRecorderModel(`SqliteApplicationRecorder (${name})`, {
    ...sqliteRecorders(SqliteApplicationRecorder, dbName),
    ...sqlite,
  })
  describeRecorderModel(`SqliteProcessRecorder (${name})`, {
    ...sqliteRecorders(SqliteProcessRecorder, dbName),
    ...sqlite,
  })
}
