/**
 * What a program that used a driver directly would store for the DogSchool's events: the same topics
 * and the same JSON state as ours (fields, ISO timestamp, created event's originator topic), encoded as
 * UTF-8 bytes; and the fold that turns a dog's rows back into a dog. The raw baselines do this minimum
 * of work on top of the driver, so that ours and theirs store and read the same bytes.
 */
import type { DogView } from '../dog-school.js'

export const REGISTERED = 'Dog.Registered'
export const TRICK_ADDED = 'Dog.TrickAdded'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The stored state of a Registered event. */
export function registeredState(name: string): Uint8Array {
  const timestamp = { _type_: 'datetime', _data_: new Date().toISOString() }
  return encoder.encode(JSON.stringify({ name, timestamp, originatorTopic: 'Dog' }))
}

/** The stored state of a TrickAdded event. */
export function trickAddedState(trick: string): Uint8Array {
  const timestamp = { _type_: 'datetime', _data_: new Date().toISOString() }
  return encoder.encode(JSON.stringify({ trick, timestamp }))
}

/**
 * A row of our stores' SELECT of an aggregate's events (`originator_version, topic, state`), read as an
 * array of column values, as our stores read it (node:sqlite's `setReturnArrays`, node-postgres's
 * `rowMode: 'array'`), which spares the driver building an object per row.
 */
export type EventRow = readonly unknown[]

/** Folds a dog's rows, oldest first, into the dog (decoding each row's state). */
export function foldDog(rows: readonly EventRow[]): DogView | undefined {
  let dog: DogView | undefined
  for (const row of rows) {
    const state = JSON.parse(decoder.decode(row[2] as Uint8Array)) as { name?: string; trick?: string }
    if (row[1] === REGISTERED) dog = { name: state.name!, tricks: [] }
    else dog!.tricks.push(state.trick!)
  }
  return dog
}
