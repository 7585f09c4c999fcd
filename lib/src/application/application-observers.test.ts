import { beforeEach, describe, expect, it } from 'vitest'
import { Aggregate, event, observeAggregates, registry } from '../domain/index.js'
import { Application, observeApplications } from './index.js'
import type { Recording } from '../persistence/index.js'

beforeEach(() => registry.reset())

function defineDog() {
  @event('Registered')
  class Dog extends Aggregate {
    name: string
    constructor({ name }: { name: string }) {
      super()
      this.name = name
    }
    @event('Renamed')
    rename({ name }: { name: string }) {
      this.name = name
    }
  }
  return Dog
}

describe('observers', () => {
  it('tells an application observer about constructed applications and stored events', async () => {
    const Dog = defineDog()
    const constructed: Application[] = []
    const stored: [string, Recording[]][] = []
    const stop = observeApplications({
      constructed: (app) => constructed.push(app),
      stored: (app, recordings) => stored.push([app.name, [...recordings]]),
    })
    class DogSchool extends Application {}
    const app = new DogSchool()
    const dog = new Dog({ name: 'Fido' })
    dog.rename({ name: 'Rex' })
    await app.save(dog)
    stop()
    await app.save(new Dog({ name: 'Unseen' }))
    new DogSchool()
    expect(constructed).toEqual([app])
    expect(stored).toHaveLength(1)
    expect(stored[0]![0]).toBe('DogSchool')
    expect(stored[0]![1].map((r) => [r.notificationId, r.domainEvent.constructor.name])).toEqual([
      [1, 'Registered'],
      [2, 'Renamed'],
    ])
  })

  it('tells an aggregate observer about new and rebuilt aggregates, whose unsaved events stay visible', async () => {
    const Dog = defineDog()
    const seen: [Aggregate, boolean][] = []
    const stop = observeAggregates((aggregate, rebuilt) => seen.push([aggregate, rebuilt]))
    const app = new Application()
    const fido = new Dog({ name: 'Fido' })
    await app.save(fido)
    const copy = await app.repository.get(fido.id, Dog)
    copy.rename({ name: 'Rex' })
    stop()
    new Dog({ name: 'Unseen' })
    expect(seen.map(([aggregate, rebuilt]) => [aggregate.id, rebuilt])).toEqual([
      [fido.id, false],
      [fido.id, true],
    ])
    expect(seen[1]![0].pendingEvents.map((e) => e.constructor.name)).toEqual(['Renamed'])
  })

  it('refuses observers of the wrong kind', () => {
    expect(() => observeAggregates({} as never)).toThrow(/takes a function/)
    expect(() => observeApplications(null as never)).toThrow(/takes an object/)
  })
})
