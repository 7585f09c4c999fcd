import { beforeEach, describe, expect, it } from 'vitest'
import {
  Aggregate,
  AggregateCreated,
  AggregateEvent,
  event,
  eventFields,
  isOriginatorIdError,
  isOriginatorVersionError,
  isProgrammingError,
  isTopicError,
  NAMESPACE_URL,
  OriginatorIdError,
  OriginatorVersionError,
  ProgrammingError,
  registerAggregateClass,
  registry,
  RESERVED_EVENT_PROPERTIES,
  TopicError,
  uuid5,
} from './index.js'
import { defineDog } from '../../test/support/dog-school.js'

beforeEach(() => registry.reset())

function rebuild(events: readonly AggregateEvent[]): Aggregate | null {
  return events.reduce<Aggregate | null>((copy, e) => e.mutate(copy), null)
}

describe('versions and timestamps', () => {
  it('starts at version 1 and adds one per event', () => {
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    expect(dog.version).toBe(1)
    dog.addTrick({ trick: 'sit' })
    dog.addTrick({ trick: 'stay' })
    expect(dog.version).toBe(3)
    expect(dog.collectEvents().map((e) => e.originatorVersion)).toEqual([1, 2, 3])
  })

  it('sets createdOn to the created event timestamp and modifiedOn to the latest event timestamp', () => {
    const Dog = defineDog()
    const before = Date.now()
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'sit' })
    const [registered, trickAdded] = dog.collectEvents()
    expect(dog.createdOn).toBeInstanceOf(Date)
    expect(dog.createdOn.getTime()).toBe(registered!.timestamp.getTime())
    expect(dog.createdOn.getTime()).toBeGreaterThanOrEqual(before)
    expect(dog.modifiedOn.getTime()).toBe(trickAdded!.timestamp.getTime())
  })

  it('rebuilds an aggregate as at an earlier version by folding fewer events', () => {
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'sit' })
    dog.addTrick({ trick: 'stay' })
    const events = dog.collectEvents()
    const old = rebuild(events.slice(0, 2)) as InstanceType<typeof Dog>
    expect(old.version).toBe(2)
    expect(old.tricks).toEqual(['sit'])
  })
})

describe('events', () => {
  it('are deeply frozen, while the aggregate keeps mutable copies of their fields', () => {
    @event('Started')
    class Todos extends Aggregate {
      items: string[]
      constructor({ items }: { items: string[] }) {
        super()
        this.items = items
      }
      @event('Tagged')
      tag({ tags }: { tags: string[] }) {
        this.items.push(...tags)
      }
    }
    const given = ['bread']
    const todos = new Todos({ items: given })
    todos.tag({ tags: ['urgent'] })
    const [started, tagged] = todos.collectEvents()
    expect(Object.isFrozen(started)).toBe(true)
    expect(Object.isFrozen(started!.items)).toBe(true)
    expect(Object.isFrozen(tagged!.tags)).toBe(true)
    expect(() => {
      ;(started as unknown as { items: unknown }).items = []
    }).toThrow(TypeError)
    expect(Object.isFrozen(given)).toBe(false)
    const copy = rebuild([started!, tagged!]) as Todos
    copy.items.push('milk')
    expect(copy.items).toEqual(['bread', 'urgent', 'milk'])
    expect(started!.items).toEqual(['bread'])
  })

  it('keep their values when an explicit event class declares fields without declare', () => {
    class Renamed extends Aggregate.Event {
      name!: string
    }
    class Dog extends Aggregate {
      name = ''
      @event(Renamed)
      rename({ name }: { name: string }) {
        this.name = name
      }
    }
    const dog = new Dog()
    dog.rename({ name: 'Rex' })
    dog.rename({ name: 'Max' })
    const [, first, second] = dog.collectEvents()
    expect([(first as Renamed).name, (second as Renamed).name]).toEqual(['Rex', 'Max'])
  })

  it('record the value given when an explicit event class has a field initialiser, whatever value comes first', () => {
    class TrickAdded extends Aggregate.Event {
      readonly trick: string = 'sit'
    }
    class Dog extends Aggregate {
      tricks: string[] = []
      @event(TrickAdded)
      addTrick({ trick }: { trick: string }) {
        this.tricks.push(trick)
      }
    }
    const dog = new Dog()
    // The first event equals the initialiser's value, which once made the class look harmless for good.
    dog.addTrick({ trick: 'sit' })
    dog.addTrick({ trick: 'roll over' })
    const events = dog.collectEvents()
    expect(events.slice(1).map((e) => (e as TrickAdded).trick)).toEqual(['sit', 'roll over'])
    expect(dog.tricks).toEqual(['sit', 'roll over'])
    expect((rebuild(events) as Dog).tricks).toEqual(['sit', 'roll over'])
  })

  it("never freeze the caller's objects: what a command or constructor is given stays the caller's", () => {
    class Money {
      constructor(public cents: number) {}
    }
    @event('Opened')
    class Account extends Aggregate {
      limits: number[]
      balance: Money
      constructor({ limits, balance }: { limits: number[]; balance: Money }) {
        super()
        this.limits = limits
        this.balance = balance
      }
      @event('Paid')
      pay({ amount, tags }: { amount: Money; tags: string[] }) {
        this.balance = new Money(this.balance.cents - amount.cents)
        this.limits.push(tags.length)
      }
    }
    const limits = [100]
    const balance = new Money(500)
    const amount = new Money(20)
    const tags = ['rent']
    const account = new Account({ limits, balance })
    account.pay({ amount, tags })
    for (const given of [limits, balance, amount, tags]) expect(Object.isFrozen(given)).toBe(false)
    tags.push('late')
    limits.push(1)
    const [opened, paid] = account.collectEvents()
    expect(paid!.tags).toEqual(['rent'])
    expect(opened!.limits).toEqual([100])
    expect(Object.isFrozen(paid!.tags)).toBe(true)
    amount.cents = 25
  })

  it('never freeze the objects an undecorated aggregate holds, nor those given to DomainEvent.create', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    class Shape extends Aggregate {
      corner = new Point(1, 2)
      sides = [3]
    }
    const shape = new Shape()
    shape.collectEvents()
    expect(Object.isFrozen(shape.corner)).toBe(false)
    expect(Object.isFrozen(shape.sides)).toBe(false)
    shape.corner.x = 5
    shape.sides.push(4)
    const tags = ['a']
    const made = Aggregate.Created.create({
      originatorId: uuid5(NAMESPACE_URL, '/shapes/1'),
      originatorVersion: 1,
      timestamp: new Date(),
      originatorTopic: 'Shape',
      tags,
    })
    expect(Object.isFrozen(tags)).toBe(false)
    expect(Object.isFrozen(made.tags)).toBe(true)
    expect(made.tags).not.toBe(tags)
  })

  it("give a decorated class's constructor its own copy of the argument, so later changes by the caller record nothing", () => {
    @event('Registered')
    class Dog extends Aggregate {
      tricks: string[]
      constructor({ tricks }: { tricks: string[] }) {
        super()
        this.tricks = tricks
      }
    }
    const tricks = ['sit']
    const dog = new Dog({ tricks })
    tricks.push('beg')
    expect(dog.tricks).toEqual(['sit'])
    expect(dog.equals(rebuild(dog.collectEvents()))).toBe(true)
  })

  it('hold copies of the byte arrays they are given', () => {
    @event('Stored')
    class Blob extends Aggregate {
      data: Uint8Array
      constructor({ data }: { data: Uint8Array }) {
        super()
        this.data = data
      }
    }
    const data = new Uint8Array([1, 2, 3])
    const [stored] = new Blob({ data }).collectEvents()
    data[0] = 9
    expect([...(stored!.data as Uint8Array)]).toEqual([1, 2, 3])
  })

  it('eventFields gives the fields a method body is given: every own property but RESERVED_EVENT_PROPERTIES', () => {
    // Given a created event and a subsequent event
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'sit' })
    const [registered, added] = dog.collectEvents()
    // Then their fields leave out the standard properties, which every event has
    expect(
      Object.keys(registered!)
        .filter((name) => RESERVED_EVENT_PROPERTIES.has(name))
        .sort(),
    ).toEqual([...RESERVED_EVENT_PROPERTIES].sort())
    expect(eventFields(registered!)).toEqual({ name: 'Fido' })
    expect(eventFields(added!)).toEqual({ trick: 'sit' })
  })

  it('pendingEvents shows the recorded events without collecting them', () => {
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    expect(dog.pendingEvents).toHaveLength(1)
    expect(dog.pendingEvents).toHaveLength(1)
    expect(dog.collectEvents()).toHaveLength(1)
    expect(dog.pendingEvents).toHaveLength(0)
  })

  it('a decorated method called from another decorated method records one event, not two', () => {
    @event('Registered')
    class Dog extends Aggregate {
      tricks: string[] = []
      @event('TrickAdded')
      addTrick({ trick }: { trick: string }) {
        this.tricks.push(trick)
      }
      @event('TricksAdded')
      addTricks({ tricks }: { tricks: string[] }) {
        for (const trick of tricks) this.addTrick({ trick })
      }
    }
    const dog = new Dog()
    dog.addTricks({ tricks: ['sit', 'stay'] })
    const events = dog.collectEvents()
    expect(events.map((e) => e.constructor.name)).toEqual(['Registered', 'TricksAdded'])
    expect((rebuild(events) as Dog).tricks).toEqual(['sit', 'stay'])
  })

  it('Event.create freezes an event and checks the standard properties', () => {
    const Dog = defineDog()
    const id = uuid5(NAMESPACE_URL, '/dogs/Rex')
    const made = Dog.eventClass('TrickAdded').create({
      originatorId: id,
      originatorVersion: 2,
      timestamp: new Date(),
      trick: 'sit',
    })
    expect(Object.isFrozen(made)).toBe(true)
    expect(made.trick).toBe('sit')
    expect(() =>
      Dog.eventClass('TrickAdded').create({ originatorId: id, originatorVersion: 0, timestamp: new Date() }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: A TrickAdded event needs an originatorVersion that is a whole number of 1 or more, but was given the number 0.]`,
    )
  })
})

describe('ids', () => {
  it('createId gives deterministic ids, the same as the Python library for the same name', () => {
    @event('Registered')
    class Dog extends Aggregate {
      static override createId({ name }: { name: string }) {
        return uuid5(NAMESPACE_URL, `/dogs/${name}`)
      }
      name: string
      constructor({ name }: { name: string }) {
        super()
        this.name = name
      }
    }
    expect(new Dog({ name: 'Fido' }).id).toBe('1e1d7398-8986-57af-bb01-11a89b2f8b02')
    expect(new Dog({ name: 'Fido' }).id).toBe(new Dog({ name: 'Fido' }).id)
  })

  it('rejects a createId that does not return a UUID', () => {
    class Dog extends Aggregate {
      static override createId() {
        return 'fido'
      }
    }
    expect(() => new Dog()).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: Dog.createId() must return a UUID string, but it returned the string "fido". Use uuid4() for random ids or uuid5(NAMESPACE_URL, name) for ids derived from a name.]`,
    )
  })
})

describe('undecorated aggregate classes', () => {
  it('record the state the constructor set as the Created event fields', () => {
    class Counter extends Aggregate {
      name: string
      count = 0
      constructor({ name }: { name: string }) {
        super()
        this.name = name
      }
      @event('Incremented')
      increment() {
        this.count += 1
      }
    }
    const counter = new Counter({ name: 'tricks' })
    counter.increment()
    const events = counter.collectEvents()
    expect(events[0]).toBeInstanceOf(Counter.Created)
    expect(events[0]!.name).toBe('tricks')
    expect(events[0]!.count).toBe(0)
    expect(rebuild(events)).toStrictEqual(counter)
  })

  it('are rebuilt without running their constructor, which may take any arguments (Part 4 Counter)', () => {
    class Counter extends Aggregate {
      name: string
      count = 0
      constructor(name: string) {
        if (typeof name !== 'string' || name === '') throw new TypeError('A counter needs a name.')
        super()
        this.name = name
      }
      static override createId({ name }: { name: string }) {
        return uuid5(NAMESPACE_URL, `/counters/${name}`)
      }
      @event('Incremented')
      increment() {
        this.count += 1
      }
    }
    const counter = new Counter('roll over')
    counter.increment()
    const events = counter.collectEvents()
    expect(counter.id).toBe(uuid5(NAMESPACE_URL, '/counters/roll over'))
    expect(events.map((e) => e.originatorId)).toEqual([counter.id, counter.id])
    const copy = rebuild(events) as Counter
    expect(copy).toBeInstanceOf(Counter)
    expect(copy.equals(counter)).toBe(true)
    expect([copy.id, copy.name, copy.count]).toEqual([counter.id, 'roll over', 1])
  })

  it('give createId the state the constructor set, once it has finished', () => {
    class Counter extends Aggregate {
      name: string
      constructor(name: string) {
        super()
        this.name = name
      }
      static override createId({ name }: { name: string }) {
        return uuid5(NAMESPACE_URL, `/counters/${name}`)
      }
    }
    expect(new Counter('fetch ball').id).toBe(uuid5(NAMESPACE_URL, '/counters/fetch ball'))
    expect({ ...new Counter('fetch ball') }.id).toBe(uuid5(NAMESPACE_URL, '/counters/fetch ball'))
    expect(new Counter('fetch ball').collectEvents()[0]!.originatorId).toBe(
      uuid5(NAMESPACE_URL, '/counters/fetch ball'),
    )
  })

  it('subclasses get their own topic and created event, and inherit decorated methods', () => {
    const Dog = defineDog()
    class Puppy extends Dog {}
    const puppy = new Puppy({ name: 'Scrappy' })
    puppy.addTrick({ trick: 'chew' })
    const events = puppy.collectEvents()
    expect(events[0]).toBeInstanceOf(Puppy.Created)
    expect(events[0]!.originatorTopic).toBe('Puppy')
    const copy = rebuild(events)
    expect(copy).toBeInstanceOf(Puppy)
    expect(copy).toStrictEqual(puppy)
  })
})

describe('equality', () => {
  it('equals compares class, id, version, timestamps and state', () => {
    const Dog = defineDog()
    const fido = new Dog({ name: 'Fido' })
    const copy = rebuild(fido.collectEvents())
    expect(fido.equals(copy)).toBe(true)
    copy!.version = 5
    expect(fido.equals(copy)).toBe(false)
    expect(fido.equals(new Dog({ name: 'Fido' }))).toBe(false)
    expect(fido.equals({ ...fido })).toBe(false)
  })
})

describe('topics and the registry', () => {
  it('refuses a second class under the same topic until the registry is reset', () => {
    defineDog()
    expect(() => defineDog()).toThrow(TopicError)
    registry.reset()
    const Dog = defineDog()
    expect(registry.resolve('Dog')).toBe(Dog)
  })

  it('re-registers a class prepared before a reset when it is used again', () => {
    const Dog = defineDog()
    const events = new Dog({ name: 'Fido' }).collectEvents()
    registry.reset()
    expect(events[0]!.mutate(null)).toBeInstanceOf(Dog)
    expect(registry.resolve('Dog.Registered')).toBe(Dog.eventClass('Registered'))
  })

  it('refuses a class name that looks minified, and accepts an explicit topic', () => {
    const e = class extends Aggregate {}
    expect(() => new e()).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: Cannot derive a stored name for the aggregate class e from the class name 'e': it looks minified or anonymous, and stored names must never change. Give the class a name of three or more characters that starts with a capital letter, or an explicit name: static topic = 'Dog'.]`,
    )
    const t = class extends Aggregate {
      static topic = 'Ticket'
    }
    expect(new t().collectEvents()[0]!.originatorTopic).toBe('Ticket')
  })

  it('an explicit topic on an @event-decorated class names the class and its events', () => {
    @event('Registered')
    class OldDog extends Aggregate {
      static topic = 'Dog'
      @event('TrickAdded')
      addTrick(_fields: { trick: string }) {}
    }
    const dog = new OldDog()
    dog.addTrick({ trick: 'sit' })
    expect(registry.topicOf(OldDog)).toBe('Dog')
    expect(dog.collectEvents().map((e) => registry.topicOf(e.constructor))).toEqual([
      'Dog.Registered',
      'Dog.TrickAdded',
    ])
  })

  it('resolving an unknown topic says how to register the class', () => {
    expect(() => registry.resolve('Cat.Created')).toThrowErrorMatchingInlineSnapshot(
      `[TopicError: No class is registered under the topic 'Cat.Created'. An aggregate class registers its topics when @event decorates it, or else when it is first used: pass the class to repository.get(id, Class), decorate it (@event('Created') on the class is enough), or import the module that defines it before reading its events.]`,
    )
  })

  it('an old topic registered for a class is a name to read by, never the topic new events are written under', () => {
    const Dog = defineDog()
    const TrickAdded = Dog.eventClass('TrickAdded')
    registry.register('Hound.TrickAdded', TrickAdded)
    expect(registry.resolve('Hound.TrickAdded')).toBe(TrickAdded)
    expect(registry.topicOf(TrickAdded)).toBe('Dog.TrickAdded')
  })

  it('a class registered under an old topic before its first use still writes under its own topic', () => {
    class Counter extends Aggregate {}
    registry.register('Tally', Counter)
    expect(new Counter().collectEvents()[0]!.originatorTopic).toBe('Counter')
    expect(registry.topicOf(Counter)).toBe('Counter')
    expect(registry.resolve('Tally')).toBe(Counter)
  })
})

describe('registerAggregateClass', () => {
  it('registers the topics of a class not used yet, so that its stored events can be read', () => {
    // Given an undecorated class, which registers its topics at its first use, and none has happened yet
    class Counter extends Aggregate {
      count = 0
      @event('Incremented')
      increment() {
        this.count += 1
      }
    }
    expect(registry.has('Counter.Incremented')).toBe(false)
    // When it is registered
    registerAggregateClass(Counter)
    // Then its topics and its event classes' topics are registered
    expect(registry.resolve('Counter')).toBe(Counter)
    expect(registry.resolve('Counter.Created')).toBe(Counter.Created)
    expect(registry.resolve('Counter.Incremented')).toBe(Counter.eventClass('Incremented'))
  })

  it('refuses a class that does not extend Aggregate', () => {
    class Cat {}
    expect(() => registerAggregateClass(Cat as never)).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: registerAggregateClass() takes an aggregate class, but the function Cat does not extend Aggregate.]`,
    )
  })
})

describe('bad input', () => {
  it('a decorated method called with a non-object argument says how to call it', () => {
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    expect(() => (dog.addTrick as unknown as (trick: string) => void)('roll over')).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: Dog.addTrick() takes one object argument whose properties become the event's fields, but it was given the string "roll over". Pass the values by name, for example { name: 'Fido' }.]`,
    )
    expect(dog.version).toBe(1)
  })

  it('constructing a decorated class with a non-object argument is refused', () => {
    const Dog = defineDog()
    expect(() => new (Dog as unknown as new (name: string) => unknown)('Fido')).toThrow(ProgrammingError)
  })

  it('@event needs parentheses and a name or event class', () => {
    expect(() => {
      // @ts-expect-error: @event must be called
      @event
      class Dog extends Aggregate {}
      return Dog
    }).toThrow(/@event needs an event name or event class in parentheses/)
    expect(() => event(42 as unknown as string)).toThrow(/takes an event name \(a string\) or an event class/)
  })

  it('@event on a method needs a valid name, unique in its class', () => {
    expect(() => {
      class Dog extends Aggregate {
        @event()
        sit() {}
      }
      return Dog
    }).toThrow(/needs the event's name/)
    expect(() => {
      class Dog extends Aggregate {
        @event('sat down')
        sit() {}
      }
      return new Dog()
    }).toThrow(/The event name "sat down" given for the method sit of Dog is not valid/)
    expect(() => {
      class Dog extends Aggregate {
        @event('Sat')
        sit() {}
        @event('Sat')
        sitDown() {}
      }
      return new Dog()
    }).toThrow(/The event name 'Sat' of the method sitDown is already used in Dog/)
  })

  it('@event on a field or a class that is not an aggregate is refused', () => {
    expect(() => {
      class Dog extends Aggregate {
        // @ts-expect-error: fields cannot be decorated with @event
        @event('Named') name = 'x'
      }
      return Dog
    }).toThrow(/not the field name/)
    expect(() => {
      // @ts-expect-error: only aggregates can be decorated
      @event('Registered')
      class Dog {}
      return Dog
    }).toThrow(/needs a subclass of Aggregate/)
  })

  it('a field named like a standard event property is refused', () => {
    class Clock extends Aggregate {
      @event('Ticked')
      tick(_fields: { timestamp: Date }) {}
    }
    const clock = new Clock()
    expect(() => clock.tick({ timestamp: new Date() })).toThrow(/cannot have a field named 'timestamp'/)
  })

  it('an asynchronous decorated method is refused', () => {
    class Dog extends Aggregate {
      // @ts-expect-error: decorated methods must not return a promise
      @event('Fetched')
      async fetch() {}
    }
    expect(() => new Dog().fetch()).toThrow(/must be synchronous/)
  })

  it('mutate checks what it is applied to', () => {
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'sit' })
    const [registered, trickAdded] = dog.collectEvents()
    expect(() => trickAdded!.mutate(null)).toThrow(ProgrammingError)
    expect(() => registered!.mutate(dog)).toThrow(ProgrammingError)
    const other = new Dog({ name: 'Rex' })
    other.collectEvents()
    const error = (() => {
      try {
        trickAdded!.mutate(other)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(OriginatorIdError)
    expect(isOriginatorIdError(error)).toBe(true)
    const copy = registered!.mutate(null)
    copy.version = 5
    expect(() => trickAdded!.mutate(copy)).toThrow(OriginatorVersionError)
  })

  it('error guards accept errors that crossed a worker boundary as plain data', () => {
    expect(isProgrammingError({ name: 'ProgrammingError', message: 'x' })).toBe(true)
    expect(isTopicError({ name: 'TopicError', message: 'x' })).toBe(true)
    expect(isOriginatorVersionError(new Error('x'))).toBe(false)
    expect(AggregateCreated.prototype).toBeInstanceOf(AggregateEvent)
  })
})
