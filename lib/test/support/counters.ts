/**
 * The tutorial's Part 4 system: `DogSchool` records tricks, `Counters` follows it and counts each trick once.
 * Defined afresh for each test (tests reset the topic registry).
 */
import { Aggregate, AggregateNotFoundError, event, NAMESPACE_URL, uuid5 } from 'eventsourcing'
import { policy, ProcessApplication, type ProcessingEvent } from 'eventsourcing/system'
import { defineDogSchool } from './dog-school.js'

/** Defines Dog, DogSchool, Counter and Counters. */
export function defineCounters() {
  const { Dog, DogSchool } = defineDogSchool()

  class Counter extends Aggregate {
    name: string
    count = 0
    constructor(name: string) {
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

  class Counters extends ProcessApplication {
    @policy(Dog.TrickAdded)
    async countTrick(domainEvent: InstanceType<typeof Dog.TrickAdded>, processing: ProcessingEvent) {
      const counter = await this.#counter(domainEvent.trick)
      counter.increment()
      processing.collectEvents(counter)
    }

    async getCount(trick: string): Promise<number> {
      try {
        return (await this.repository.get(Counter.createId({ name: trick }), Counter)).count
      } catch (error) {
        if (error instanceof AggregateNotFoundError) return 0
        throw error
      }
    }

    async #counter(trick: string): Promise<Counter> {
      try {
        return await this.repository.get(Counter.createId({ name: trick }), Counter)
      } catch (error) {
        if (error instanceof AggregateNotFoundError) return new Counter(trick)
        throw error
      }
    }
  }

  return { Dog, DogSchool, Counter, Counters }
}
