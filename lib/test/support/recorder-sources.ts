/**
 * Builds the recorder sources the contract suites take: each new recorder gets tables of its own, and
 * `connectAgain` gives a recorder on the same tables through a connection of its own.
 */
import type { RecorderSource } from '../suites/aggregate-recorder.suite.js'

/** The table names a recorder of fresh tables gets. */
export interface FreshTables {
  eventsTable: string
  trackingTable: string
}

let counter = 0

/**
 * Returns a recorder source from two functions: `open` opens a connection (for new tables when `onSameAs`
 * is undefined, else to the database that recorder uses), and `construct` builds a recorder on it.
 */
export function freshTableRecorders<R extends object, D>(
  open: (onSameAs?: R) => D,
  construct: (datastore: D, tables: FreshTables) => R,
): RecorderSource<R> {
  const tablesOf = new WeakMap<R, FreshTables>()
  const make = (datastore: D, tables: FreshTables) => {
    const recorder = construct(datastore, tables)
    tablesOf.set(recorder, tables)
    return recorder
  }
  return {
    create: () => make(open(), { eventsTable: `events_${++counter}`, trackingTable: `tracking_${counter}` }),
    connectAgain: (recorder) => make(open(recorder), tablesOf.get(recorder)!),
  }
}
