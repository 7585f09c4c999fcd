/**
 * What the Python tutorial's Part 1 asserts (T1.01–T1.12 in python-tutorial-semantics.md), in TypeScript.
 */
import { describe, expect, it } from 'vitest'
import { Aggregate, event, isUuid, type CreatedEventClass, type EventClass } from 'eventsourcing/domain'
import { Application } from 'eventsourcing/application'

class PlainDog {
  name: string
  tricks: string[] = []
  constructor({ name }: { name: string }) {
    this.name = name
  }
  addTrick({ trick }: { trick: string }) {
    this.tricks.push(trick)
  }
}

@event('Registered')
class Dog extends Aggregate {
  declare static Registered: CreatedEventClass<{ name: string }>
  declare static TrickAdded: EventClass<{ trick: string }>
  name: string
  tricks: string[]
  constructor({ name }: { name: string }) {
    super()
    this.name = name
    this.tricks = []
  }

  @event('TrickAdded')
  addTrick({ trick }: { trick: string }) {
    this.tricks.push(trick)
  }
}

class DogSchool extends Application {
  async registerDog(name: string) {
    const dog = new Dog({ name })
    await this.save(dog)
    return dog.id
  }
  async addTrick(dogId: string, trick: string) {
    const dog = await this.repository.get(dogId, Dog)
    dog.addTrick({ trick })
    await this.save(dog)
  }
  async getDog(dogId: string) {
    const dog = await this.repository.get(dogId, Dog)
    return { name: dog.name, tricks: [...dog.tricks] }
  }
}

describe('Tutorial part 1: the aggregate', () => {
  it('T1.01 a plain class keeps a name and the tricks it is taught', () => {
    const dog = new PlainDog({ name: 'Fido' })
    expect(dog.name).toBe('Fido')
    expect(dog.tricks).toEqual([])
    dog.addTrick({ trick: 'roll over' })
    expect(dog.tricks).toEqual(['roll over'])
  })

  it('T1.02 decorating the class and a method defines the event classes Dog.Registered and Dog.TrickAdded', () => {
    expect(Dog.Registered).toBeTypeOf('function')
    expect(Dog.TrickAdded).toBeTypeOf('function')
    expect(Dog.Registered.name).toBe('Registered')
    expect(Dog.TrickAdded.name).toBe('TrickAdded')
    expect(Dog.eventClass('TrickAdded')).toBe(Dog.TrickAdded)
    expect(() => Dog.eventClass('TrickRemoved')).toThrow(
      'Dog has no event class named "TrickRemoved"; its event classes are Created, Registered, TrickAdded.',
    )
  })

  it('T1.03 constructing the aggregate makes a Dog that is an Aggregate, with its initial state', () => {
    const dog = new Dog({ name: 'Fido' })
    expect(dog).toBeInstanceOf(Dog)
    expect(dog).toBeInstanceOf(Aggregate)
    expect(dog.name).toBe('Fido')
    expect(dog.tricks).toEqual([])
  })

  it('T1.04 the aggregate id is a version 4 UUID string', () => {
    const dog = new Dog({ name: 'Fido' })
    expect(isUuid(dog.id)).toBe(true)
    expect(dog.id[14]).toBe('4')
  })

  it('T1.05 a decorated command runs its body', () => {
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'roll over' })
    expect(dog.tricks).toEqual(['roll over'])
  })

  it('T1.06–T1.07 collectEvents returns the created event and the command event with their fields', () => {
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'roll over' })
    const events = dog.collectEvents()
    expect(events).toHaveLength(2)
    for (const e of events) expect(e).toBeInstanceOf(Dog.Event)
    expect(events[0]).toBeInstanceOf(Dog.Registered)
    expect(events[0]!.name).toBe('Fido')
    expect(events[1]).toBeInstanceOf(Dog.TrickAdded)
    expect(events[1]!.trick).toBe('roll over')
    expect(dog.collectEvents()).toEqual([])
  })

  it('T1.08 folding mutate over the events rebuilds a different object equal to the original', () => {
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'roll over' })
    const events = dog.collectEvents()
    let copy: Aggregate | null = null
    for (const e of events) copy = e.mutate(copy)
    expect(copy).not.toBe(dog)
    expect(copy).toBeInstanceOf(Dog)
    expect(copy).toStrictEqual(dog)
    expect(dog.equals(copy)).toBe(true)
  })
})

describe('Tutorial part 1: the application', () => {
  it('T1.09–T1.10 registers a dog, teaches it two tricks and returns its state', async () => {
    const school = new DogSchool()
    const dogId = await school.registerDog('Fido')
    await school.addTrick(dogId, 'roll over')
    await school.addTrick(dogId, 'fetch ball')
    expect(await school.getDog(dogId)).toEqual({ name: 'Fido', tricks: ['roll over', 'fetch ball'] })
  })

  it('T1.11 the notification log has 3 notifications with ids 1, 2 and 3', async () => {
    const school = new DogSchool()
    const dogId = await school.registerDog('Fido')
    await school.addTrick(dogId, 'roll over')
    await school.addTrick(dogId, 'fetch ball')
    const notifications = await school.notificationLog.select({ start: 1, limit: 10 })
    expect(notifications.map((n) => n.id)).toEqual([1, 2, 3])
    expect(notifications.map((n) => n.topic)).toEqual(['Dog.Registered', 'Dog.TrickAdded', 'Dog.TrickAdded'])
    expect(notifications.every((n) => n.originatorId === dogId)).toBe(true)
    expect(notifications.map((n) => n.originatorVersion)).toEqual([1, 2, 3])
  })

  it('T1.12 test_dog_school: state right after registration, and after two tricks', async () => {
    const school = new DogSchool()
    const dogId = await school.registerDog('Fido')
    expect(await school.getDog(dogId)).toEqual({ name: 'Fido', tricks: [] })
    await school.addTrick(dogId, 'roll over')
    await school.addTrick(dogId, 'fetch ball')
    expect(await school.getDog(dogId)).toEqual({ name: 'Fido', tricks: ['roll over', 'fetch ball'] })
  })
})
