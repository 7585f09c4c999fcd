/**
 * What the Python tutorial's Part 2 asserts (T2.01–T2.13 and the Todos exercise), in TypeScript. Each test
 * defines its own Dog, so the topic registry is reset before each one, as a tutorial page does.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { Aggregate, AggregateCreated, AggregateEvent, event, isUuid, registry } from 'eventsourcing/domain'

function rebuild(events: readonly AggregateEvent[]): Aggregate | null {
  let copy: Aggregate | null = null
  for (const e of events) copy = e.mutate(copy)
  return copy
}

beforeEach(() => registry.reset())

describe('Tutorial part 2: aggregates in more detail', () => {
  it('T2.01 the smallest aggregate is a Dog with a UUID id', () => {
    class Dog extends Aggregate {}
    const dog = new Dog()
    expect(dog).toBeInstanceOf(Dog)
    expect(isUuid(dog.id)).toBe(true)
  })

  it('T2.02–T2.03 it records one pending event, which rebuilds an aggregate with the same id', () => {
    class Dog extends Aggregate {}
    const dog = new Dog()
    const events = dog.collectEvents()
    expect(events).toHaveLength(1)
    expect(events[0]!.mutate(null).id).toBe(dog.id)
  })

  it('T2.04 without a created-event name, the created event class is Dog.Created', () => {
    class Dog extends Aggregate {}
    const events = new Dog().collectEvents()
    expect(Dog.Created).toBeTypeOf('function')
    expect(Dog.Created).not.toBe(Aggregate.Created)
    expect(events[0]).toBeInstanceOf(Dog.Created)
    expect(events[0]).toBeInstanceOf(Aggregate.Created)
    expect(events[0]!.constructor.name).toBe('Created')
  })

  it('T2.05 @event on the class names the created event', () => {
    @event('Registered')
    class Dog extends Aggregate {}
    expect(Dog.eventClass('Registered')).toBeTypeOf('function')
    const events = new Dog().collectEvents()
    expect(events).toHaveLength(1)
    expect(events[0]).toBeInstanceOf(Dog.eventClass('Registered'))
  })

  it('T2.06 the constructor argument becomes the created event fields', () => {
    @event('Registered')
    class Dog extends Aggregate {
      name: string
      constructor({ name }: { name: string }) {
        super()
        this.name = name
      }
    }
    const dog = new Dog({ name: 'Fido' })
    expect(dog.name).toBe('Fido')
    const events = dog.collectEvents()
    expect(events).toHaveLength(1)
    expect(events[0]).toBeInstanceOf(Dog.eventClass('Registered'))
    expect(Dog.eventClass('Registered').prototype).toBeInstanceOf(Aggregate.Created)
    expect(events[0]!.name).toBe('Fido')
  })

  it('T2.07 the rebuilt copy is a different object with the same id and name', () => {
    @event('Registered')
    class Dog extends Aggregate {
      name: string
      constructor({ name }: { name: string }) {
        super()
        this.name = name
      }
    }
    const dog = new Dog({ name: 'Fido' })
    const copy = dog.collectEvents()[0]!.mutate(null) as Dog
    expect(copy.id).toBe(dog.id)
    expect(copy.name).toBe(dog.name)
    expect(copy).not.toBe(dog)
  })

  it('T2.08–T2.11 a decorated method records subsequent events that rebuild the same state', () => {
    @event('Registered')
    class Dog extends Aggregate {
      name: string
      tricks: string[] = []
      constructor({ name }: { name: string }) {
        super()
        this.name = name
      }
      @event('TrickAdded')
      addTrick({ trick }: { trick: string }) {
        this.tricks.push(trick)
      }
    }
    expect(Dog.eventClass('TrickAdded').prototype).toBeInstanceOf(Aggregate.Event)
    const dog = new Dog({ name: 'Fido' })
    expect(dog.tricks).toEqual([])
    dog.addTrick({ trick: 'roll over' })
    expect(dog.tricks).toEqual(['roll over'])
    const events = dog.collectEvents()
    expect(events.map((e) => e.constructor)).toEqual([Dog.eventClass('Registered'), Dog.eventClass('TrickAdded')])
    expect(events[0]!.name).toBe('Fido')
    expect(events[1]!.trick).toBe('roll over')
    const copy = rebuild(events) as Dog
    expect(copy.id).toBe(dog.id)
    expect(copy.name).toBe(dog.name)
    expect(copy.tricks).toEqual(dog.tricks)
  })

  it('T2.12 explicitly declared event classes behave like the generated ones, with typed fields', () => {
    class Registered extends Aggregate.Created {
      declare readonly name: string
    }
    class TrickAdded extends Aggregate.Event {
      declare readonly trick: string
    }

    @event(Registered)
    class Dog extends Aggregate {
      static Registered = Registered
      static TrickAdded = TrickAdded
      name: string
      tricks: string[] = []
      constructor({ name }: { name: string }) {
        super()
        this.name = name
      }
      @event(TrickAdded)
      addTrick({ trick }: { trick: string }) {
        this.tricks.push(trick)
      }
    }
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'roll over' })
    expect(dog.tricks).toEqual(['roll over'])
    const events = dog.collectEvents()
    expect(events[0]).toBeInstanceOf(Registered)
    expect(events[1]).toBeInstanceOf(TrickAdded)
    expect(Dog.eventClass('Registered')).toBe(Registered)
    expect(Dog.Registered).toBe(Registered)
    const trickAdded = events[1] as TrickAdded
    const trick: string = trickAdded.trick
    expect(trick).toBe('roll over')
    expect(rebuild(events)).toStrictEqual(dog)
  })

  it('T2.13 a public method validates, then calls a decorated private method; a rejected call records nothing', () => {
    class Dog extends Aggregate {
      name: string
      tricks: string[] = []
      constructor({ name }: { name: string }) {
        super()
        this.name = name
      }
      addTrick(trick: unknown) {
        if (typeof trick !== 'string') throw new TypeError(`A trick is a string, not ${typeof trick}.`)
        this.#addTrick({ trick })
      }
      @event('TrickAdded')
      #addTrick({ trick }: { trick: string }) {
        this.tricks.push(trick)
      }
    }
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick('roll over')
    expect(dog.tricks).toEqual(['roll over'])
    expect(() => dog.addTrick(101)).toThrow(TypeError)
    expect(dog.tricks).toEqual(['roll over'])
    const events = dog.collectEvents()
    expect(events.map((e) => e.constructor.name)).toEqual(['Created', 'TrickAdded'])
    expect(rebuild(events)).toStrictEqual(dog)
  })
})

describe('Tutorial part 2 exercise: Todos', () => {
  @event('Started')
  class Todos extends Aggregate {
    name: string
    items: string[] = []
    constructor({ name }: { name: string }) {
      super()
      this.name = name
    }
    @event('ItemAdded')
    addItem({ item }: { item: string }) {
      this.items.push(item)
    }
  }

  it('records Started and three ItemAdded events, and rebuilds an equal copy', () => {
    const todos1 = new Todos({ name: 'Shopping list' })
    todos1.addItem({ item: 'bread' })
    todos1.addItem({ item: 'milk' })
    todos1.addItem({ item: 'eggs' })
    expect(todos1.name).toBe('Shopping list')
    expect(todos1.items).toEqual(['bread', 'milk', 'eggs'])
    const events = todos1.collectEvents()
    expect(events).toHaveLength(4)
    expect(events[0]).toBeInstanceOf(Todos.eventClass('Started'))
    expect(events[0]!.name).toBe('Shopping list')
    expect(events.slice(1).map((e) => [e.constructor, e.item])).toEqual([
      [Todos.eventClass('ItemAdded'), 'bread'],
      [Todos.eventClass('ItemAdded'), 'milk'],
      [Todos.eventClass('ItemAdded'), 'eggs'],
    ])
    expect(rebuild(events)).toStrictEqual(todos1)
    expect(todos1.equals(rebuild(events))).toBe(true)

    const todos2 = new Todos({ name: 'Household repairs' })
    expect(todos1.equals(todos2)).toBe(false)
    const events2 = todos2.collectEvents()
    expect(events2).toHaveLength(1)
    expect(events2[0]).toBeInstanceOf(Todos.eventClass('Started'))
    expect(events2[0]!.name).toBe('Household repairs')
    expect(events2[0]!.mutate(null)).toStrictEqual(todos2)
  })
})

describe('Event class hierarchy', () => {
  it('every event of a Dog is a Dog.Event and an Aggregate.Event, and created events are Aggregate.Created', () => {
    @event('Registered')
    class Dog extends Aggregate {
      @event('Sat')
      sit() {}
    }
    class Cat extends Aggregate {}
    const dog = new Dog()
    dog.sit()
    const [registered, sat] = dog.collectEvents()
    expect(registered).toBeInstanceOf(Dog.Event)
    expect(registered).toBeInstanceOf(AggregateCreated)
    expect(sat).toBeInstanceOf(Dog.Event)
    expect(sat).toBeInstanceOf(AggregateEvent)
    expect(sat).not.toBeInstanceOf(AggregateCreated)
    expect(registered).not.toBeInstanceOf(Cat.Event)
  })
})
