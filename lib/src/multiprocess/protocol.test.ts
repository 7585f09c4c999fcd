import { describe, expect, it } from 'vitest'
import { AggregateNotFoundError } from '../application/index.js'
import { IntegrityError, isIntegrityError } from '../persistence/index.js'
import { isProcessingError, ProcessingError } from '../system/index.js'
import { fromErrorData, toErrorData } from './protocol.js'

/** Sends an error across a thread boundary as the runner does: as data, structured-cloned. */
const across = (error: unknown) => fromErrorData(structuredClone(toErrorData(error)))

describe('errors crossing the worker boundary', () => {
  it('come back as instances of their class, with their fields and causes', () => {
    // Given a ProcessingError caused by an IntegrityError
    const cause = new IntegrityError('Version 2 of aggregate a is already stored.', {
      originatorId: 'a',
      originatorVersion: 2,
    })
    const error = new ProcessingError(
      'Counters could not process notification 7 of DogSchool.',
      { applicationName: 'Counters', leaderName: 'DogSchool', notificationId: 7 },
      { cause },
    )
    // When it crosses as data
    const received = across(error)
    // Then it is a ProcessingError again, with its position, message, stack and cause
    expect(received).toBeInstanceOf(ProcessingError)
    expect(received).toMatchObject({ applicationName: 'Counters', leaderName: 'DogSchool', notificationId: 7 })
    expect(received.message).toBe(error.message)
    expect(received.stack).toBe(error.stack)
    expect(received.cause).toBeInstanceOf(IntegrityError)
    expect(received.cause).toMatchObject({ originatorId: 'a', originatorVersion: 2, message: cause.message })
    expect(isProcessingError(received) && isIntegrityError(received.cause)).toBe(true)
  })

  it('rebuild errors whose constructors take fields rather than a message', () => {
    const received = across(new AggregateNotFoundError('a', 3))
    expect(received).toBeInstanceOf(AggregateNotFoundError)
    expect(received).toMatchObject({ aggregateId: 'a', version: 3 })
  })

  it('keep the name and message of classes outside the library, and of thrown values that are not errors', () => {
    expect(across(new RangeError('Too far.'))).toMatchObject({ name: 'RangeError', message: 'Too far.' })
    expect(across('a string')).toMatchObject({ name: 'Error', message: 'a string' })
  })
})
