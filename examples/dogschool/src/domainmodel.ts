import { Aggregate, event } from 'eventsourcing/domain'

/** A dog of the dog school: its name and the tricks it has learned, in order. */
@event('Registered')
export class Dog extends Aggregate {
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
