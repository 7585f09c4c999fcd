/**
 * The TypeScript side of the interoperability tests: the DogSchool of `lib/test/python/dogschool.py`, with
 * the same class names (so `PYTHON_TOPIC_MODULE=dogschool` maps its topics), the same field names, and a
 * transcoding registered under the Python transcoding's name ("collar").
 */
import { Aggregate, event, type EventClass } from 'eventsourcing/domain'
import { Application } from 'eventsourcing/application'
import { PythonDecimal, PythonUuid, type JSONTranscoder } from 'eventsourcing/persistence'

/** A dog's collar: a value of a custom type, which the Python application transcodes as "collar". */
export class Collar {
  constructor(
    readonly colour: string,
    readonly size: number,
  ) {}
}

/** What a dog is registered with, named as in the Python application. */
export interface Registration {
  name: string
  owner_id: PythonUuid
  fee: PythonDecimal
  born: Date
  collar: Collar
  details: Record<string, unknown>
}

/** Defines the Dog aggregate and the DogSchool application afresh (the tests reset the topic registry). */
export function definePythonDogSchool() {
  @event('Registered')
  class Dog extends Aggregate {
    declare static Registered: EventClass<Registration>
    declare static TrickAdded: EventClass<{ trick: string }>
    name: string
    owner_id: PythonUuid
    fee: PythonDecimal
    born: Date
    collar: Collar
    details: Record<string, unknown>
    tricks: string[] = []
    constructor(registration: Registration) {
      super()
      this.name = registration.name
      this.owner_id = registration.owner_id
      this.fee = registration.fee
      this.born = registration.born
      this.collar = registration.collar
      this.details = registration.details
    }
    @event('TrickAdded')
    addTrick({ trick }: { trick: string }) {
      this.tricks.push(trick)
    }
  }

  class DogSchool extends Application {
    protected override registerTranscodings(transcoder: JSONTranscoder): void {
      transcoder.register({
        name: 'collar',
        type: Collar,
        encode: (collar: Collar) => ({ colour: collar.colour, size: collar.size }),
        decode: (data: { colour: string; size: number }) => new Collar(data.colour, data.size),
      })
    }
    async registerDog(registration: Registration) {
      const dog = new Dog(registration)
      await this.save(dog)
      return dog.id
    }
    async addTrick(dogId: string, trick: string) {
      const dog = await this.repository.get(dogId, Dog)
      dog.addTrick({ trick })
      await this.save(dog)
    }
    getDog(dogId: string) {
      return this.repository.get(dogId, Dog)
    }
  }
  return { Dog, DogSchool, PythonUuid, PythonDecimal }
}
