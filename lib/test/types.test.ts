/**
 * Pins the public API's types: `npm test` type-checks this file, and a wrong type fails the build.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  Aggregate,
  AggregateEvent,
  event,
  registry,
  type AggregateEventClass,
  type EventClass,
} from 'eventsourcing/domain'
import { Application } from 'eventsourcing/application'
import type { Notification, Recording, TrackingRecorder } from 'eventsourcing/persistence'
import { InMemoryTrackingRecorder, Projection, ProjectionRunner } from 'eventsourcing/projection'

describe('types', () => {
  it('repository.get(id, Dog) resolves to a Dog, and get(id) to an Aggregate', () => {
    registry.reset()
    @event('Registered')
    class Dog extends Aggregate {
      declare static TrickAdded: EventClass<{ trick: string }>
      tricks: string[] = []
      @event('TrickAdded')
      addTrick({ trick }: { trick: string }) {
        this.tricks.push(trick)
      }
    }
    const app = new Application()
    // Only the types of these calls matter; they are never awaited.
    const getters = {
      typed: () => app.repository.get('id', Dog),
      atVersion: () => app.repository.get('id', Dog, { version: 2 }),
      untyped: () => app.repository.get('id'),
    }
    expectTypeOf(getters.typed).returns.toEqualTypeOf<Promise<Dog>>()
    expectTypeOf(getters.atVersion).returns.toEqualTypeOf<Promise<Dog>>()
    expectTypeOf(getters.untyped).returns.toEqualTypeOf<Promise<Aggregate>>()
    expectTypeOf(app.save).returns.toEqualTypeOf<Promise<Recording[]>>()
    expectTypeOf(app.notificationLog.select).returns.toEqualTypeOf<Promise<Notification[]>>()
    expectTypeOf(Dog.eventClass('TrickAdded')).toEqualTypeOf<AggregateEventClass>()
    expectTypeOf(new Dog().collectEvents()).toEqualTypeOf<AggregateEvent[]>()

    const event1 = new Dog().collectEvents()[1]
    if (event1 instanceof Dog.TrickAdded) expectTypeOf(event1.trick).toEqualTypeOf<string>()
    expectTypeOf<Notification['state']>().toEqualTypeOf<Uint8Array>()
  })

  it('@event refuses methods that do not take one object argument', () => {
    class Dog extends Aggregate {
      // @ts-expect-error: a decorated method takes one object argument
      @event('Barked')
      bark(_times: number, _loud: boolean) {}
    }
    expectTypeOf(Dog).toBeConstructibleWith()
  })

  it('a runner takes one view class for a projection typed with the view interface, and types its view so', () => {
    interface DogCounts extends TrackingRecorder {
      dogs(): Promise<number>
    }
    class InMemoryDogCounts extends InMemoryTrackingRecorder implements DogCounts {
      async dogs() {
        return 0
      }
    }
    class DogCountsProjection extends Projection<DogCounts> {}
    const single = new ProjectionRunner({
      application: Application,
      projection: DogCountsProjection,
      view: InMemoryDogCounts,
    })
    const listed = new ProjectionRunner({
      application: Application,
      projection: DogCountsProjection,
      view: [InMemoryDogCounts],
    })
    expectTypeOf(single).toEqualTypeOf<ProjectionRunner<Application, DogCounts, DogCountsProjection>>()
    expectTypeOf(listed).toEqualTypeOf<ProjectionRunner<Application, DogCounts, DogCountsProjection>>()
    expectTypeOf<Awaited<ReturnType<(typeof listed)['view']['dogs']>>>().toBeNumber()
  })
})
