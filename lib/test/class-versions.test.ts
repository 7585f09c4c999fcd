/**
 * Class versions and upcasting: events and snapshots stored by an old version of a class are read as the current
 * version, through the class's upcasters; a chain with a gap fails when the class is defined.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import {
  Aggregate,
  event,
  isProgrammingError,
  registry,
  Snapshot,
  SNAPSHOT_TOPIC,
  type AggregateEvent,
} from 'eventsourcing/domain'
import { isDataError, JSONTranscoder, Mapper, type StoredEvent } from 'eventsourcing/persistence'

const mapper = () => new Mapper({ transcoder: new JSONTranscoder() })
const decoded = (stored: StoredEvent) => ({ ...stored, state: JSON.parse(new TextDecoder().decode(stored.state)) })

/** Version 1 of a Dog whose TrickAdded event has a `trick` field. */
function defineDogV1() {
  class TrickAdded extends Aggregate.Event {
    declare trick: string
  }
  @event('Registered')
  class Dog extends Aggregate {
    static topic = 'Dog'
    tricks: string[] = []
    @event(TrickAdded)
    addTrick({ trick }: { trick: string }) {
      this.tricks.push(trick)
    }
  }
  return Dog
}

/** Version 3 of the same TrickAdded: `trick` became `name` (v2), then `level` was added (v3). */
function defineDogV3() {
  class TrickAdded extends Aggregate.Event {
    static classVersion = 3
    static upcastV1V2(state: Record<string, unknown>) {
      state.name = state.trick
      delete state.trick
    }
    static upcastV2V3(state: Record<string, unknown>) {
      return { ...state, level: 'beginner' }
    }
    declare name: string
    declare level: string
  }
  @event('Registered')
  class Dog extends Aggregate {
    static topic = 'Dog'
    tricks: string[] = []
    @event(TrickAdded)
    addTrick({ name, level }: { name: string; level: string }) {
      this.tricks.push(`${name} (${level})`)
    }
  }
  return Dog
}

describe('class versions', () => {
  beforeEach(() => registry.reset())

  it('reads an event stored by version 1 as version 3, running each upcaster in order', async () => {
    // Given a TrickAdded stored by version 1 of the class
    const DogV1 = defineDogV1()
    const dog = new DogV1()
    dog.addTrick({ trick: 'sit' })
    const stored = await mapper().toStoredEvents(dog.collectEvents())
    expect(decoded(stored[1]!).state).not.toHaveProperty('classVersion')
    // When the program has version 3 of the class and reads it
    registry.reset()
    const _DogV3 = defineDogV3()
    const events = await mapper().toDomainEvents(stored.map((record) => ({ ...record, state: record.state.slice() })))
    // Then the event has version 3's fields, and applies as version 3 does
    expect({ ...events[1] }).toMatchObject({ name: 'sit', level: 'beginner' })
    expect(events[1]).not.toHaveProperty('trick')
    const rebuilt = (events as AggregateEvent[]).reduce<Aggregate | null>(
      (aggregate, e) => e.mutate(aggregate),
      null,
    ) as InstanceType<typeof _DogV3>
    expect(rebuilt.tricks).toEqual(['sit (beginner)'])
  })

  it('stores the class version with a new event above version 1, and reads it back without upcasting', async () => {
    const DogV3 = defineDogV3()
    const dog = new DogV3()
    dog.addTrick({ name: 'roll over', level: 'expert' })
    const stored = await mapper().toStoredEvents(dog.collectEvents())
    expect(decoded(stored[1]!).state).toMatchObject({ classVersion: 3, name: 'roll over', level: 'expert' })
    const [, read] = await mapper().toDomainEvents(stored.map((record) => ({ ...record, state: record.state.slice() })))
    expect({ ...read }).toMatchObject({ name: 'roll over', level: 'expert' })
    expect(read).not.toHaveProperty('classVersion')
  })

  it('refuses a class whose upcasters leave a gap when the class is defined, naming what is missing', () => {
    class TrickAdded extends Aggregate.Event {
      static classVersion = 3
      static upcastV1V2(state: Record<string, unknown>) {
        return state
      }
    }
    let error: unknown
    try {
      @event('Registered')
      class Dog extends Aggregate {
        @event(TrickAdded)
        addTrick() {}
      }
      void Dog
    } catch (e) {
      error = e
    }
    expect(isProgrammingError(error)).toBe(true)
    expect(String((error as Error).message)).toMatch(
      /TrickAdded has classVersion 3, so it needs a static upcaster for each step from version 1, but upcastV2V3 is missing/,
    )
  })

  it('fails with a DataError naming the event when it was stored by a newer version of the class', async () => {
    const DogV3 = defineDogV3()
    const dog = new DogV3()
    dog.addTrick({ name: 'sit', level: 'x' })
    const stored = await mapper().toStoredEvents(dog.collectEvents())
    registry.reset()
    defineDogV1()
    const error = await mapper()
      .toDomainEvent({ ...stored[1]!, state: stored[1]!.state.slice() })
      .catch((e: unknown) => e)
    expect(isDataError(error)).toBe(true)
    expect(String((error as Error).message)).toMatch(
      /Dog.TrickAdded of aggregate .* at version 2 could not be upcast to the current TrickAdded: .*written by version 3 of the class, newer than this program's version 1/,
    )
  })

  it('refuses an event field named classVersion, which stored state uses for the version', async () => {
    class Renamed extends Aggregate.Event {
      declare classVersion: number
    }
    @event('Registered')
    class Dog extends Aggregate {
      @event(Renamed)
      rename(_fields: { classVersion: number }) {}
    }
    const dog = new Dog()
    dog.rename({ classVersion: 2 })
    await expect(mapper().toStoredEvents(dog.collectEvents())).rejects.toThrow(/has a field named classVersion/)
  })

  it('rebuilds an aggregate from a snapshot taken by an older version of its class, through its upcasters', async () => {
    @event('Registered')
    class Counter extends Aggregate {
      static topic = 'Counter'
      count = 0
    }
    const snapshot = await mapper().toStoredEvent(Snapshot.take(new Counter()))
    registry.reset()
    @event('Registered')
    class CounterV2 extends Aggregate {
      static topic = 'Counter'
      static classVersion = 2
      static upcastV1V2(state: Record<string, unknown>) {
        state.total = state.count
        delete state.count
      }
      total = 0
    }
    registry.register(SNAPSHOT_TOPIC, Snapshot)
    const read = (await mapper().toDomainEvent({ ...snapshot, state: snapshot.state.slice() })) as Snapshot
    const rebuilt = read.mutate(null) as CounterV2
    expect(rebuilt).toBeInstanceOf(CounterV2)
    expect({ total: rebuilt.total, count: (rebuilt as unknown as { count?: number }).count }).toEqual({
      total: 0,
      count: undefined,
    })
    // And a snapshot of version 2 records its class version
    const again = await mapper().toStoredEvent(Snapshot.take(rebuilt))
    expect(decoded(again).state.state).toMatchObject({ classVersion: 2, total: 0 })
  })
})
