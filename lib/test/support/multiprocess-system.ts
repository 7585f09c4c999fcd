/**
 * The systems the multi-process runner's tests run, in a module that worker threads can import (once
 * bundled by `multiprocess.ts`): each export defines its classes afresh when called, so that a worker (or
 * a test, after resetting the topic registry) defines only the classes of the system it runs.
 */
import { writeFileSync } from 'node:fs'
import { policy, System, type ProcessingEvent } from 'eventsourcing/system'
import { defineCounters } from './counters.js'

/** Part 4's system: Counters follows DogSchool. */
export function definePart4() {
  const { Dog, DogSchool, Counters } = defineCounters()
  return { Dog, DogSchool, Counters, system: new System({ pipes: [[DogSchool, Counters]] }) }
}

/** Returns Part 4's system (the export the workers call). */
export function part4System(): System {
  return definePart4().system
}

/**
 * Part 4's system with a Counters whose policy throws on the trick 'explode', and takes 300 ms over the
 * trick 'slow' (after creating the file its setting SLOW_MARKER names, so that a test knows it has begun).
 */
export function defineFailingPart4() {
  const { Dog, DogSchool, Counters } = defineCounters()
  class FailingCounters extends Counters {
    static override applicationName = 'Counters'
    @policy(Dog.TrickAdded)
    override async countTrick(domainEvent: InstanceType<typeof Dog.TrickAdded>, processing: ProcessingEvent) {
      // A clause, not a sentence: ProcessApplication's message ends it with a period of its own.
      if (domainEvent.trick === 'explode') throw new Error(`the trick 'explode' cannot be counted`)
      if (domainEvent.trick === 'slow') {
        writeFileSync(this.env.get('SLOW_MARKER')!, 'begun')
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
      await super.countTrick(domainEvent, processing)
    }
  }
  return { Dog, DogSchool, Counters: FailingCounters, system: new System({ pipes: [[DogSchool, FailingCounters]] }) }
}

/** Returns the failing system (the export the workers call). */
export function failingSystem(): System {
  return defineFailingPart4().system
}
