import { describe, expect, it } from 'vitest'
import { InMemoryTrackingRecorder, observeViews, type TrackingRecorder } from './index.js'
import { SqliteTrackingRecorder, type SqliteDatastore } from '../sqlite/index.js'
import { PostgresTrackingRecorder, type PostgresDatastore } from '../postgres/index.js'

class DogCounts extends InMemoryTrackingRecorder {
  dogs = 0
}

describe('observeViews', () => {
  it('tells a view observer about each view constructed until it stops, of every store', () => {
    // Given an observer
    const seen: TrackingRecorder[] = []
    const stop = observeViews({ constructed: (view) => seen.push(view) })
    // when views of each store are constructed (their constructors do not touch the datastore), then it stops
    const counts = new DogCounts()
    const sqlite = new SqliteTrackingRecorder({} as SqliteDatastore)
    const postgres = new PostgresTrackingRecorder({} as PostgresDatastore)
    stop()
    new DogCounts()
    // then it was told about the three, and no more
    expect(seen).toEqual([counts, sqlite, postgres])
    expect(seen.map((view) => view.constructor.name)).toEqual([
      'DogCounts',
      'SqliteTrackingRecorder',
      'PostgresTrackingRecorder',
    ])
  })

  it('tells it before the subclass sets its fields, which the view has once constructed', () => {
    // Given an observer that looks at the view when told
    let dogsWhenTold: unknown = 'not told'
    const stop = observeViews({ constructed: (view) => (dogsWhenTold = (view as DogCounts).dogs) })
    // when a view with a field of its own is constructed
    const counts = new DogCounts()
    stop()
    // then the field was not set yet when it was told, and is afterwards
    expect(dogsWhenTold).toBeUndefined()
    expect(counts.dogs).toBe(0)
  })

  it('refuses an observer that is not an object, naming what it was given', () => {
    expect(() => observeViews(null as never)).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: observeViews() takes an object with a constructed() method, but was given null.]`,
    )
    expect(() => observeViews((() => {}) as never)).toThrow(/but was given an anonymous function/)
  })
})
