/**
 * The DogSchool workload on Emmett (`@event-driven-io/emmett`), written as its docs write command
 * handling: a stream per dog; a command aggregates the stream (`aggregateStream` with an `evolve`
 * function), decides, and appends with the version it read as the expected version (its optimistic
 * concurrency check, like our unique key on the aggregate's version); a query aggregates the stream.
 */
import { randomUUID } from 'node:crypto'
import { getInMemoryEventStore, STREAM_DOES_NOT_EXIST, type Event, type EventStore } from '@event-driven-io/emmett'
import type { DogStore, DogView } from '../dog-school.js'

export type DogRegistered = Event<'DogRegistered', { name: string; registeredOn: string }>
export type TrickAdded = Event<'TrickAdded', { trick: string; addedOn: string }>
export type DogEvent = DogRegistered | TrickAdded

export const evolve = (dog: DogView | null, event: DogEvent): DogView | null => {
  switch (event.type) {
    case 'DogRegistered':
      return { name: event.data.name, tricks: [] }
    case 'TrickAdded':
      // Mutating the state (rather than copying the array) keeps the fold as cheap as ours, so the
      // comparison is of the stores; Emmett allows it, and the 10,000-event stream needs it.
      dog!.tricks.push(event.data.trick)
      return dog
  }
}
export const initialState = (): DogView | null => null

/** The DogSchool workload on an Emmett event store. */
export function emmettDogStore(store: EventStore, close: () => Promise<void> = async () => {}): DogStore {
  const get = async (dogId: string) => {
    const { state, currentStreamVersion } = await store.aggregateStream<DogView | null, DogEvent>(`dog-${dogId}`, {
      evolve,
      initialState,
    })
    if (state === null) throw new Error(`Dog ${dogId} not found.`)
    return { dog: state, version: currentStreamVersion }
  }
  return {
    async registerDog(name) {
      const dogId = randomUUID()
      const event: DogRegistered = { type: 'DogRegistered', data: { name, registeredOn: new Date().toISOString() } }
      await store.appendToStream<DogEvent>(`dog-${dogId}`, [event], { expectedStreamVersion: STREAM_DOES_NOT_EXIST })
      return dogId
    },
    async addTrick(dogId, trick) {
      const { version } = await get(dogId)
      const event: TrickAdded = { type: 'TrickAdded', data: { trick, addedOn: new Date().toISOString() } }
      await store.appendToStream<DogEvent>(`dog-${dogId}`, [event], { expectedStreamVersion: version })
    },
    async getDog(dogId) {
      return (await get(dogId)).dog
    },
    close,
  }
}

/** The workload on Emmett's in-memory event store. */
export function emmettInMemoryDogStore(): DogStore {
  return emmettDogStore(getInMemoryEventStore())
}
