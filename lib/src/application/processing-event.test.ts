import { beforeEach, describe, expect, it } from 'vitest'
import { registry } from '../domain/index.js'
import { ProcessingEvent } from './index.js'
import { defineDog } from '../../test/support/dog-school.js'

beforeEach(() => registry.reset())

describe('ProcessingEvent', () => {
  it('collects nothing when one argument is neither an aggregate nor an event, leaving every aggregate its events', () => {
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    const processing = new ProcessingEvent()
    expect(() => processing.collectEvents(dog, 'Rex' as never)).toThrow(
      'collectEvents() takes aggregates (or domain events), but argument 2 is the string "Rex".',
    )
    expect(processing.events).toEqual([])
    expect(dog.pendingEvents).toHaveLength(1)
  })
})
