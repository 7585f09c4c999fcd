import { beforeEach, describe, expect, it } from 'vitest'
import { registry, Snapshot } from '../domain/index.js'
import { Application } from './index.js'
import { defineDog } from '../../test/support/dog-school.js'

beforeEach(() => registry.reset())

describe('snapshots', () => {
  it('a snapshot rebuilds an equal aggregate without running its constructor', () => {
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'sit' })
    dog.collectEvents()
    const snapshot = Snapshot.take(dog)
    expect(snapshot.originatorVersion).toBe(2)
    expect(Object.isFrozen(snapshot.state)).toBe(true)
    const copy = snapshot.mutate(null)
    expect(copy).toBeInstanceOf(Dog)
    expect(copy).toStrictEqual(dog)
    ;(copy as InstanceType<typeof Dog>).tricks.push('stay')
    expect(dog.tricks).toEqual(['sit'])
  })

  it('the repository starts from the latest snapshot and applies only the events after it', async () => {
    const Dog = defineDog()
    class DogSchool extends Application {
      static override isSnapshottingEnabled = true
    }
    const app = new DogSchool()
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'sit' })
    await app.save(dog)
    await app.takeSnapshot(dog.id)
    dog.addTrick({ trick: 'stay' })
    await app.save(dog)

    const selected: Parameters<typeof app.eventStore.get>[] = []
    const get = app.eventStore.get.bind(app.eventStore)
    app.eventStore.get = (...args) => (selected.push(args), get(...args))
    const copy = await app.repository.get(dog.id, Dog)
    expect(copy).toStrictEqual(dog)
    expect(selected).toEqual([[dog.id, { gt: 2, lte: undefined }]])
    expect((await app.repository.get(dog.id, Dog, { version: 1 })).tricks).toEqual([])
  })

  it('takes snapshots when an aggregate version reaches a multiple of its class interval', async () => {
    const Dog = defineDog()
    class DogSchool extends Application {
      static override snapshottingIntervals = new Map([[Dog, 2]])
    }
    const app = new DogSchool()
    const dog = new Dog({ name: 'Fido' })
    await app.save(dog)
    for (const trick of ['sit', 'stay', 'roll over']) {
      dog.addTrick({ trick })
      await app.save(dog)
    }
    const snapshots = await app.snapshots!.get(dog.id)
    expect(snapshots.map((s) => s.originatorVersion)).toEqual([2, 4])
    expect(await app.repository.get(dog.id, Dog)).toStrictEqual(dog)
  })

  it('takes a snapshot at every multiple of the interval that a save crosses, not only at the last version', async () => {
    const Dog = defineDog()
    class DogSchool extends Application {
      static override snapshottingIntervals = new Map([[Dog, 2]])
    }
    const app = new DogSchool()
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'sit' })
    dog.addTrick({ trick: 'stay' })
    await app.save(dog)
    dog.addTrick({ trick: 'roll over' })
    dog.addTrick({ trick: 'fetch' })
    await app.save(dog)
    const snapshots = (await app.snapshots!.get(dog.id)) as Snapshot[]
    expect(snapshots.map((s) => s.originatorVersion)).toEqual([2, 4])
    expect(snapshots.map((s) => s.state.tricks)).toEqual([['sit'], ['sit', 'stay', 'roll over']])
  })

  it('saving an unchanged aggregate at a snapshotted version beside a changed one stores the changes and no error', async () => {
    const Dog = defineDog()
    class DogSchool extends Application {
      static override snapshottingIntervals = new Map([[Dog, 2]])
    }
    const app = new DogSchool()
    const fido = new Dog({ name: 'Fido' })
    fido.addTrick({ trick: 'sit' })
    await app.save(fido)
    const rex = new Dog({ name: 'Rex' })
    await app.save(rex, fido)
    expect((await app.repository.get(rex.id, Dog)).name).toBe('Rex')
    expect((await app.snapshots!.get(fido.id)).map((s) => s.originatorVersion)).toEqual([2])
  })

  it('takeSnapshot at a version that already has a snapshot keeps the stored one', async () => {
    const Dog = defineDog()
    class DogSchool extends Application {
      static override isSnapshottingEnabled = true
    }
    const app = new DogSchool()
    const dog = new Dog({ name: 'Fido' })
    await app.save(dog)
    await app.takeSnapshot(dog.id)
    await app.takeSnapshot(dog.id)
    expect((await app.snapshots!.get(dog.id)).map((s) => s.originatorVersion)).toEqual([1])
  })

  it("taking a snapshot freezes none of the aggregate's objects", async () => {
    class Collar {
      constructor(public colour: string) {}
    }
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' }) as InstanceType<typeof Dog> & { collar?: Collar }
    dog.collar = new Collar('red')
    Snapshot.take(dog)
    expect(Object.isFrozen(dog.collar)).toBe(false)
    expect(Object.isFrozen(dog.tricks)).toBe(false)
  })

  it('takeSnapshot needs snapshotting to be enabled, and the setting enables it', async () => {
    const Dog = defineDog()
    const dog = new Dog({ name: 'Fido' })
    const plain = new Application()
    await plain.save(dog)
    await expect(plain.takeSnapshot(dog.id)).rejects.toThrow(
      /has no snapshot store. Enable it with the setting IS_SNAPSHOTTING_ENABLED=y/,
    )
    const enabled = new Application({ env: { IS_SNAPSHOTTING_ENABLED: 'y' } })
    expect(enabled.snapshots).toBeDefined()
  })
})

describe('snapshots in SQLite', () => {
  it('are stored in the application snapshots table and used to rebuild', async () => {
    const Dog = defineDog()
    class DogSchool extends Application {
      static override snapshottingIntervals = new Map([[Dog, 2]])
    }
    const app = new DogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: ':memory:' } })
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'sit' })
    dog.addTrick({ trick: 'stay' })
    await app.save(dog)
    dog.addTrick({ trick: 'roll over' })
    await app.save(dog)
    await app.ready()
    expect((await app.snapshots!.get(dog.id)).map((s) => s.originatorVersion)).toEqual([2, 4])
    expect(await app.repository.get(dog.id, Dog)).toStrictEqual(dog)
    await app.close()
  })
})
