/**
 * Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`) on the benchmark server, with
 * its tables in a schema of their own (`bench_emmett_` and the process id, through the connection's search
 * path, so that benchmarks running at the same time never share it), created
 * by Emmett's own migration on first use.
 */
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql'
import type { DogStore } from '../dog-school.js'
import { emmettDogStore } from './emmett.js'
import { adminQuery, POSTGRES } from './raw-postgres.js'

const SCHEMA = `bench_emmett_${process.pid}`

/** The connection string of the benchmark server, with Emmett's schema first on the search path. */
export function emmettConnectionString(): string {
  const { user, password, host, port, database } = POSTGRES
  const options = encodeURIComponent(`-c search_path=${SCHEMA}`)
  return `postgresql://${user}:${password}@${host}:${port}/${database}?options=${options}`
}

/** Drops and recreates Emmett's schema, so that each run starts empty. */
export async function resetEmmettSchema(): Promise<void> {
  await dropEmmettSchema()
  await adminQuery(`CREATE SCHEMA ${SCHEMA}`)
}

/** Drops Emmett's schema, when the part is done with it. */
export async function dropEmmettSchema(): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
}

/** The DogSchool workload on Emmett's PostgreSQL event store. */
export function emmettPostgresDogStore(): DogStore {
  const store = getPostgreSQLEventStore(emmettConnectionString(), { schema: { autoMigration: 'CreateOrUpdate' } })
  return emmettDogStore(store, () => store.close())
}
