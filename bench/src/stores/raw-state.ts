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

/** Folds a dog's rows, oldest first, into the dog (decoding each row's state). */
export function foldDog(rows: readonly Record<string, unknown>[]): DogView | undefined {
  let dog: DogView | undefined
  for (const row of rows) {
    const state = JSON.parse(decoder.decode(row.state as Uint8Array)) as { name?: string; trick?: string }
    if (row.topic === REGISTERED) dog = { name: state.name!, tricks: [] }
    else dog!.tricks.push(state.trick!)
  }
  return dog
}
