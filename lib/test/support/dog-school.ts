/**
 * The tutorial's Dog aggregate and DogSchool application, defined afresh for each test that needs them
 * (tests reset the topic registry, so each test defines its own classes under the same names).
 */
import { Aggregate, event, type EventClass } from 'eventsourcing/domain'
import { Application } from 'eventsourcing/application'

/** Defines a new `Dog` aggregate class: `Registered` with a name, `TrickAdded` with a trick. */
export function defineDog() {
  @event('Registered')
  class Dog extends Aggregate {
    declare static Registered: EventClass<{ name: string }>
    declare static TrickAdded: EventClass<{ trick: string }>
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
  return Dog
}

/** Defines a new `Dog` and a `DogSchool` application for it. */
export function defineDogSchool() {
  const Dog = defineDog()
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
  return { Dog, DogSchool }
}
