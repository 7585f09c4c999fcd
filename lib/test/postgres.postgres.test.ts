/**
 * The contract suites on PostgreSQL, the guarantees across processes on one database, and what is
 * particular to PostgreSQL: its settings, the table lock, and clear errors for bad configuration and bad
 * data. Needs the server that `bash scripts/start-postgres.sh` starts; fails (never skips) without it.
 */
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import {
  Environment,
  InfrastructureFactory,
  isOperationalError,
  isProgrammingError,
  type EnvironmentValues,
} from 'eventsourcing/persistence'
import {
  PostgresAggregateRecorder,
  PostgresApplicationRecorder,
  PostgresFactory,
  PostgresProcessRecorder,
} from 'eventsourcing/postgres'
import { AesCipher } from 'eventsourcing/cipher'
import { describeAggregateRecorder } from './suites/aggregate-recorder.suite.js'
import { describeApplicationRecorder } from './suites/application-recorder.suite.js'
import { describeProcessRecorder } from './suites/process-recorder.suite.js'
import { describeInfrastructureFactory } from './suites/infrastructure-factory.suite.js'
import { describeApplication } from './suites/application.suite.js'
import { describeMultiProcessGuarantees } from './suites/multi-process.suite.js'
import { adminQuery, POSTGRES_CONNECTION, postgresRecorders, postgresSettings } from './support/postgres.js'
import { newId, storedEvent } from './support/stored-events.js'

const codecs = () => ({
  CIPHER_TOPIC: 'eventsourcing/cipher:AesCipher',
  CIPHER_KEY: AesCipher.createKey(),
  COMPRESSOR_TOPIC: 'eventsourcing/compressor:ZlibCompressor',
})

describeAggregateRecorder('PostgresAggregateRecorder', postgresRecorders(PostgresAggregateRecorder))
describeApplicationRecorder('PostgresApplicationRecorder', postgresRecorders(PostgresApplicationRecorder))
describeProcessRecorder('PostgresProcessRecorder', postgresRecorders(PostgresProcessRecorder))
describeInfrastructureFactory('PostgreSQL', postgresSettings, {
  factoryClass: PostgresFactory,
  durable: true,
  closes: true,
})
describeApplication('PostgreSQL', postgresSettings, { expectVisibleInDb: true })
describeApplication('PostgreSQL with cipher and compressor', () => ({ ...postgresSettings(), ...codecs() }), {
  expectVisibleInDb: false,
})
describeMultiProcessGuarantees('PostgreSQL', postgresSettings)

async function postgresFactory(settings: EnvironmentValues, appName = 'DogSchool'): Promise<PostgresFactory> {
  return (await InfrastructureFactory.construct(new Environment(appName, settings))) as PostgresFactory
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error as Error,
  )

describe('PostgreSQL settings', () => {
  it('takes application-prefixed settings such as DOGSCHOOL_POSTGRES_PORT before unprefixed ones', async () => {
    const factory = await postgresFactory({
      ...postgresSettings(),
      POSTGRES_PORT: '1',
      DOGSCHOOL_POSTGRES_PORT: '5433',
    })
    expect(factory.datastore.port).toBe(5433)
    await factory.close()
  })

  it('reads the pool size and timeouts (in seconds) into the pool, with the Python library defaults', async () => {
    const defaults = await postgresFactory(postgresSettings())
    const custom = await postgresFactory({
      ...postgresSettings(),
      POSTGRES_POOL_SIZE: '12',
      POSTGRES_CONNECT_TIMEOUT: '2',
      POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT: '30',
      POSTGRES_LOCK_TIMEOUT: '0.5',
    })
    const options = (factory: PostgresFactory) => {
      const { max, connectionTimeoutMillis, idle_in_transaction_session_timeout, lock_timeout } = factory.datastore.pool
        .options as pg.PoolConfig
      return { max, connectionTimeoutMillis, idle_in_transaction_session_timeout, lock_timeout }
    }
    expect(options(defaults)).toEqual({
      max: 5,
      connectionTimeoutMillis: 5000,
      idle_in_transaction_session_timeout: 5000,
      lock_timeout: 0,
    })
    expect(options(custom)).toEqual({
      max: 12,
      connectionTimeoutMillis: 2000,
      idle_in_transaction_session_timeout: 30000,
      lock_timeout: 500,
    })
    await Promise.all([defaults.close(), custom.close()])
  })

  it('names tables after the application in the POSTGRES_SCHEMA schema, so one database holds many applications', async () => {
    const settings = postgresSettings()
    const factory = await postgresFactory(settings)
    await factory.processRecorder().maxTrackingId('Upstream')
    const { rows } = await adminQuery(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [settings.POSTGRES_SCHEMA],
    )
    expect(rows.map((row) => row.table_name)).toEqual(['dogschool_events', 'dogschool_tracking'])
    await factory.close()
  })

  it('rejects a missing POSTGRES_HOST with a ProgrammingError that says what to set', async () => {
    const { POSTGRES_HOST: _, ...settings } = postgresSettings()
    const error = await failure(postgresFactory(settings))
    expect(isProgrammingError(error)).toBe(true)
    expect(error.message).toMatchInlineSnapshot(
      `"The setting POSTGRES_HOST is not set, but PERSISTENCE_MODULE=eventsourcing/postgres needs the server's host name or address. Set POSTGRES_HOST (or DOGSCHOOL_POSTGRES_HOST for this application only) in the application's env option or in process.env."`,
    )
  })

  it('rejects a POSTGRES_PORT that is not a TCP port with a ProgrammingError', async () => {
    const error = await failure(postgresFactory({ ...postgresSettings(), POSTGRES_PORT: '70000' }))
    expect(error.message).toMatchInlineSnapshot(
      `"The setting POSTGRES_PORT="70000" must be a TCP port (a whole number, from 1 to 65535), such as POSTGRES_PORT="5432"."`,
    )
  })

  it('rejects a POSTGRES_SCHEMA that is not a plain identifier with a ProgrammingError', async () => {
    const error = await failure(postgresFactory({ ...postgresSettings(), POSTGRES_SCHEMA: 'public; DROP' }))
    expect(isProgrammingError(error)).toBe(true)
    expect(error.message).toContain('The setting POSTGRES_SCHEMA is "public; DROP", which is not a plain SQL')
  })
})

describe('PostgreSQL errors', () => {
  it('fails with OperationalError naming host:port when the server cannot be reached', async () => {
    // Given settings that name a port where no server listens
    const factory = await postgresFactory({ ...postgresSettings(), POSTGRES_PORT: '1' })
    // When the store is used
    const error = await failure(factory.applicationRecorder().maxNotificationId())
    // Then the error names the address and the settings to check, and keeps the driver's error
    expect(isOperationalError(error)).toBe(true)
    expect(error.message).toMatchInlineSnapshot(
      `"Could not reach the PostgreSQL server at 127.0.0.1:1 (database 'eventsourcing', user 'eventsourcing'): connect ECONNREFUSED 127.0.0.1:1. Check that the server is running and that POSTGRES_HOST and POSTGRES_PORT name it."`,
    )
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' })
    await factory.close()
  })

  it('fails with OperationalError naming the database when POSTGRES_DBNAME names none', async () => {
    const factory = await postgresFactory({ ...postgresSettings(), POSTGRES_DBNAME: 'no_such_database' })
    const error = await failure(factory.applicationRecorder().maxNotificationId())
    expect(isOperationalError(error)).toBe(true)
    expect(error.message).toContain('SQLSTATE 3D000')
    expect(error.message).toContain("database 'no_such_database'")
    expect(error.message).toContain('Create the database, or set POSTGRES_DBNAME to one that exists.')
    await factory.close()
  })

  it('fails with OperationalError naming the missing table when CREATE_TABLE is off', async () => {
    // A fresh schema, so that no other test (or tutorial page) can have made the table.
    const settings: Record<string, string> = { ...postgresSettings(), CREATE_TABLE: 'no' }
    const factory = await postgresFactory(settings)
    const error = await failure(factory.applicationRecorder().selectNotifications({ start: 1, limit: 1 }))
    expect(isOperationalError(error)).toBe(true)
    expect(error.message).toContain(`relation "${settings['POSTGRES_SCHEMA']}.dogschool_events" does not exist`)
    expect(error.message).toContain('CREATE_TABLE')
    expect(error.cause).toMatchObject({ code: '42P01' })
    await factory.close()
  })

  it('fails with OperationalError naming POSTGRES_LOCK_TIMEOUT when another writer holds the table lock', async () => {
    // Given a recorder whose writes wait at most 0.2 s for a lock, and another session holding the table lock
    const factory = await postgresFactory({ ...postgresSettings(), POSTGRES_LOCK_TIMEOUT: '0.2' })
    const recorder = factory.applicationRecorder()
    await recorder.maxNotificationId()
    const other = new pg.Client(POSTGRES_CONNECTION)
    await other.connect()
    await other.query('BEGIN')
    await other.query(`LOCK TABLE ${recorder.schema}.${recorder.eventsTable} IN EXCLUSIVE MODE`)
    try {
      // When it writes
      const error = await failure(recorder.insertEvents([storedEvent(newId(), 1)]))
      // Then the write gives up with an OperationalError that names the setting
      expect(isOperationalError(error)).toBe(true)
      expect(error.message).toContain('SQLSTATE 55P03')
      expect(error.message).toContain('POSTGRES_LOCK_TIMEOUT')
    } finally {
      await other.query('ROLLBACK')
      await other.end()
    }
    // And once the lock is released, writes succeed
    expect(await recorder.insertEvents([storedEvent(newId(), 1)])).toHaveLength(1)
    await factory.close()
  })
})
