/**
 * The tutorial's DogSchool, exactly as Part 1 writes it: the code under test in every DogSchool figure.
 * Each store the workload compares (ours on each persistence module, the raw drivers, Emmett) is
 * driven through the same small {@link DogStore} interface.
 */
import { Aggregate, event, type CreatedEventClass, type EventClass } from 'eventsourcing/domain'
import { Application, type ApplicationOptions } from 'eventsourcing/application'

/** A dog as the queries return it. */
export interface DogView {
  name: string
  tricks: string[]
}

/** What the DogSchool workload does to a store: register, teach a trick (get, add, save), read. */
export interface DogStore {
  registerDog(name: string): Promise<string>
  addTrick(dogId: string, trick: string): Promise<void>
  getDog(dogId: string): Promise<DogView>
  close(): Promise<void>
}

@event('Registered')
export class Dog extends Aggregate {
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

export class DogSchool extends Application {
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
  async getDog(dogId: string): Promise<DogView> {
    const dog = await this.repository.get(dogId, Dog)
    return { name: dog.name, tricks: [...dog.tricks] }
  }
}

/** Our DogSchool on the persistence the settings choose, as a {@link DogStore}. */
export function ourDogSchool(options: ApplicationOptions = {}): DogStore & { app: DogSchool } {
  const app = new DogSchool({ name: 'BenchDogSchool', ...options })
  return {
    app,
    registerDog: (name) => app.registerDog(name),
    addTrick: (dogId, trick) => app.addTrick(dogId, trick),
    getDog: (dogId) => app.getDog(dogId),
    close: () => app.close(),
  }
}
