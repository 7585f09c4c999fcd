/**
 * Pins the public API of the store, cipher and compressor subpaths: the names each exports. A change
 * here is a change to the package's API.
 */
import { describe, expect, it } from 'vitest'

const sorted = (names: Iterable<string>) => [...new Set(names)].sort()

describe('the store subpaths export', () => {
  it('eventsourcing/sqlite exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/sqlite')))).toEqual(
      sorted([
        'Factory',
        'SQLITE_DBNAME',
        'PythonFactory',
        'PythonSqliteApplicationRecorder',
        'PythonSqliteFactory',
        'PythonSqliteProcessRecorder',
        'SQLITE_LOCK_TIMEOUT',
        'SqliteAggregateRecorder',
        'SqliteApplicationRecorder',
        'SqliteDatastore',
        'SqliteFactory',
        'SqliteProcessRecorder',
        'SqliteTrackingRecorder',
        'translateSqliteError',
      ]),
    )
  })

  it('eventsourcing/postgres exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/postgres')))).toEqual(
      sorted([
        'Factory',
        'POSTGRES_CONNECT_TIMEOUT',
        'POSTGRES_DBNAME',
        'POSTGRES_HOST',
        'POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT',
        'POSTGRES_LOCK_TIMEOUT',
        'POSTGRES_PASSWORD',
        'POSTGRES_POOL_SIZE',
        'POSTGRES_PORT',
        'POSTGRES_SCHEMA',
        'POSTGRES_USER',
        'PythonFactory',
        'PythonPostgresApplicationRecorder',
        'PythonPostgresFactory',
        'PythonPostgresProcessRecorder',
        'PostgresAggregateRecorder',
        'PostgresApplicationRecorder',
        'PostgresDatastore',
        'PostgresFactory',
        'PostgresProcessRecorder',
        'PostgresRecordersFactory',
        'PostgresTrackingRecorder',
        'translatePostgresError',
      ]),
    )
  })

  it('eventsourcing/pglite exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/pglite')))).toEqual(
      sorted([
        'Factory',
        'PGLITE_DATA_DIR',
        'PGLITE_SCHEMA',
        'PgliteDatastore',
        'PgliteFactory',
        'PostgresAggregateRecorder',
        'PostgresApplicationRecorder',
        'PostgresProcessRecorder',
        'PostgresRecordersFactory',
        'PostgresTrackingRecorder',
        'translatePgliteError',
        'openPgliteWith',
        'usePglite',
      ]),
    )
  })

  it('eventsourcing/pglite runs the very recorder classes of eventsourcing/postgres', async () => {
    const pglite = await import('eventsourcing/pglite')
    const postgres = await import('eventsourcing/postgres')
    expect(pglite.Factory).toBe(pglite.PgliteFactory)
    expect(pglite.PostgresApplicationRecorder).toBe(postgres.PostgresApplicationRecorder)
    expect(pglite.PostgresTrackingRecorder).toBe(postgres.PostgresTrackingRecorder)
  })

  it('eventsourcing/cipher exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/cipher')))).toEqual([
      'AesCipher',
      'CIPHER_KEY',
      'PythonAesCipher',
    ])
  })

  it('eventsourcing/compressor exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/compressor')))).toEqual(['ZlibCompressor'])
  })

  it('each store exports the same recorder roles and a Factory that is its factory class', async () => {
    const sqlite = await import('eventsourcing/sqlite')
    const postgres = await import('eventsourcing/postgres')
    expect(sqlite.Factory).toBe(sqlite.SqliteFactory)
    expect(postgres.Factory).toBe(postgres.PostgresFactory)
    expect(sqlite.PythonFactory).toBe(sqlite.PythonSqliteFactory)
    expect(postgres.PythonFactory).toBe(postgres.PythonPostgresFactory)
    const roles = (names: string[], prefix: string) =>
      names.filter((n) => n.startsWith(prefix) && n.endsWith('Recorder')).map((n) => n.slice(prefix.length))
    expect(roles(Object.keys(sqlite), 'Sqlite')).toEqual(roles(Object.keys(postgres), 'Postgres'))
  })
})
