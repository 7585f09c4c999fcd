/**
 * The model-based check of the recorders on PostgreSQL. Its notification ids come from a sequence that
 * a rejected write does not give back (as in the Python library), so the model requires them to
 * increase, not to run without gaps. Needs the server that `bash scripts/start-postgres.sh` starts.
 */
import { PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresProcessRecorder } from 'eventsourcing/postgres'
import { describeRecorderModel } from '../suites/recorder-model.suite.js'
import { postgresRecorders } from '../support/postgres.js'

describeRecorderModel('PostgresAggregateRecorder', {
  ...postgresRecorders(PostgresAggregateRecorder),
  gapFreeIds: false,
})
describeRecorderModel('PostgresApplicationRecorder', {
  ...postgresRecorders(PostgresApplicationRecorder),
  gapFreeIds: false,
})
describeRecorderModel('PostgresProcessRecorder', { ...postgresRecorders(PostgresProcessRecorder), gapFreeIds: false })
