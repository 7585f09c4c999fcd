import { beforeEach, describe, expect, it } from 'vitest'
import { Aggregate, event, registry, uuid4 } from '../domain/index.js'
import { AggregateNotFoundError, Application, isAggregateNotFoundError } from './index.js'
import { IntegrityError, isIntegrityError, JSONTranscoder } from '../persistence/index.js'
import { defineDogSchool } from '../../test/support/dog-school.js'

beforeEach(() => registry.reset())

describe('Application', () => {
  it('has a repository, a notification log and settings named after the class', () => {
    const { DogSchool } = defineDogSchool()
    const app = new DogSchool({ env: { SOME_SETTING: 'x' } })
    expect(app.name).toBe('DogSchool')
    expect(app.repository).toBeTruthy()
    expect(app.notificationLog).toBeTruthy()
    expect(app.env.get('SOME_SETTING')).toBe('x')
  })

  it('prefers settings prefixed with the application name, then the env option, process.env and the class env', () => {
    const { DogSchool } = defineDogSchool()
    class Configured extends DogSchool {
      static override env = { A: 'class', B: 'class', C: 'class' }
    }
    process.env.B = 'process'
    try {
      const app = new Configured({ env: { C: 'option', CONFIGURED_D: 'prefixed', D: 'plain' } })
      expect([app.env.get('A'), app.env.get('B'), app.env.get('C'), app.env.get('D')]).toEqual([
        'class',
        'process',
        'option',
        'prefixed',
      ])
    } finally {
      delete process.env.B
    }
  })

  it('saves several aggregates in one write, numbering their events in storage order', async () => {
    const { Dog, DogSchool } = defineDogSchool()
    const app = new DogSchool()
    const fido = new Dog({ name: 'Fido' })
    const rex = new Dog({ name: 'Rex' })
    rex.addTrick({ trick: 'sit' })
    const recordings = await app.save(fido, rex)
    expect(recordings.map((r) => r.notificationId)).toEqual([1, 2, 3])
    expect(await app.notificationLog.maxNotificationId()).toBe(3)
    expect(await app.save(fido)).toEqual([])
  })

  it('rejects a stale save with IntegrityError and stores nothing of it', async () => {
    const { Dog, DogSchool } = defineDogSchool()
    const app = new DogSchool()
    const dogId = await app.registerDog('Fido')
    const first = await app.repository.get(dogId, Dog)
    const second = await app.repository.get(dogId, Dog)
    const other = new Dog({ name: 'Rex' })
    first.addTrick({ trick: 'sit' })
    await app.save(first)
    second.addTrick({ trick: 'stay' })
    const error = await app.save(other, second).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IntegrityError)
    expect(isIntegrityError(error)).toBe(true)
    expect((error as IntegrityError).originatorId).toBe(dogId)
    expect((error as IntegrityError).originatorVersion).toBe(2)
    expect(await app.notificationLog.maxNotificationId()).toBe(2)
    expect(await app.repository.contains(other.id)).toBe(false)
    expect((await app.repository.get(dogId, Dog)).tricks).toEqual(['sit'])
  })

  it('gets an aggregate as it was at an earlier version', async () => {
    const { Dog, DogSchool } = defineDogSchool()
    const app = new DogSchool()
    const dogId = await app.registerDog('Fido')
    await app.addTrick(dogId, 'sit')
    await app.addTrick(dogId, 'stay')
    const old = await app.repository.get(dogId, Dog, { version: 2 })
    expect(old.version).toBe(2)
    expect(old.tricks).toEqual(['sit'])
    expect((await app.repository.get(dogId, { version: 1 })).version).toBe(1)
    expect((await app.repository.get(dogId, Dog, { version: 99 })).version).toBe(3)
  })

  it('rejects an unknown id with AggregateNotFoundError', async () => {
    const { Dog, DogSchool } = defineDogSchool()
    const app = new DogSchool()
    const id = uuid4()
    const error = await app.repository.get(id, Dog).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AggregateNotFoundError)
    expect(isAggregateNotFoundError(error)).toBe(true)
    expect((error as AggregateNotFoundError).aggregateId).toBe(id)
    expect((error as Error).message).toBe(
      `Aggregate ${id} was not found: no events are stored for it. Check the id, and that the aggregate was ` +
        `saved (app.save(aggregate)) by an application using the same store.`,
    )
  })

  it('pages through the notification log from the last id seen plus one', async () => {
    const { DogSchool } = defineDogSchool()
    const app = new DogSchool()
    const dogId = await app.registerDog('Fido')
    for (const trick of ['roll over', 'fetch ball', 'play dead']) await app.addTrick(dogId, trick)
    const first = await app.notificationLog.select({ start: 1, limit: 2 })
    expect(first.map((n) => n.id)).toEqual([1, 2])
    const next = await app.notificationLog.select({ start: first.at(-1)!.id + 1, limit: 2 })
    expect(next.map((n) => n.id)).toEqual([3, 4])
    expect(new TextDecoder().decode(next[1]!.state)).toContain('play dead')
    expect(await app.notificationLog.select({ start: 5, limit: 2 })).toEqual([])
    const onlyRegistered = await app.notificationLog.select({ start: 1, limit: 10, topics: ['Dog.Registered'] })
    expect(onlyRegistered.map((n) => n.id)).toEqual([1])
    expect((await app.notificationLog.select({ start: 2, limit: 10, stop: 3 })).map((n) => n.id)).toEqual([2, 3])
  })

  it('stores custom value types through the transcodings it registers', async () => {
    class Money {
      constructor(
        readonly cents: number,
        readonly currency: string,
      ) {}
    }
    @event('Opened')
    class Account extends Aggregate {
      balance: Money
      constructor({ balance }: { balance: Money }) {
        super()
        this.balance = balance
      }
    }
    class Bank extends Application {
      protected override registerTranscodings(transcoder: JSONTranscoder) {
        transcoder.register({
          name: 'money',
          type: Money,
          encode: (money: Money) => [money.cents, money.currency],
          decode: ([cents, currency]: [number, string]) => new Money(cents, currency),
        })
      }
    }
    const bank = new Bank()
    const account = new Account({ balance: new Money(1250, 'EUR') })
    await bank.save(account)
    const copy = await bank.repository.get(account.id, Account)
    expect(copy.balance).toBeInstanceOf(Money)
    expect(copy.balance).toEqual(new Money(1250, 'EUR'))
  })
})

describe('Application bad input', () => {
  it('save() refuses something that is not an aggregate or an event', async () => {
    const { DogSchool } = defineDogSchool()
    const app = new DogSchool()
    await expect(app.save({ name: 'Fido' } as never)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: save() takes aggregates (or domain events), but argument 1 is a plain object.]`,
    )
  })

  it('repository.get() refuses an id that is not a UUID, a bad version and a class that is not an aggregate', async () => {
    const { Dog, DogSchool } = defineDogSchool()
    const app = new DogSchool()
    await expect(app.repository.get('Fido', Dog)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: An aggregate id is a UUID string such as dog.id, but repository was given the string "Fido".]`,
    )
    await expect(app.repository.get(uuid4(), Dog, { version: 0 })).rejects.toThrow(
      'repository.get() option version must be a whole number of 1 or more, but is the number 0.',
    )
    await expect(app.repository.get(uuid4(), Date as never)).rejects.toThrow(/does not extend Aggregate/)
  })

  it('repository.get() refuses to return an aggregate of another class than the one asked for', async () => {
    const { DogSchool } = defineDogSchool()
    class Cat extends Aggregate {}
    const app = new DogSchool()
    const dogId = await app.registerDog('Fido')
    await expect(app.repository.get(dogId, Cat)).rejects.toThrow(`Aggregate ${dogId} is a Dog, not a Cat.`)
  })

  it('notificationLog.select() refuses a start or limit that is not a whole number of 1 or more', async () => {
    const { DogSchool } = defineDogSchool()
    const app = new DogSchool()
    await expect(app.notificationLog.select({ start: 0, limit: 10 })).rejects.toThrow(
      /option start must be a whole number of 1 or more \(notification ids start at 1\), but is the number 0/,
    )
    await expect(app.notificationLog.select({ start: 1, limit: -1 })).rejects.toThrow(/option limit/)
    await expect(app.notificationLog.select(undefined as never)).rejects.toThrow(/takes an options object/)
  })

  it('settings must be strings, and an unknown persistence module is named in the error', async () => {
    const { DogSchool } = defineDogSchool()
    expect(() => new DogSchool({ env: { SQLITE_LOCK_TIMEOUT: 10 as never } })).toThrow(
      "The setting SQLITE_LOCK_TIMEOUT must be a string, but is the number 10. Settings are strings, as in process.env: write SQLITE_LOCK_TIMEOUT: '10'.",
    )
    const app = new DogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/nosuchstore' } })
    await expect(app.registerDog('Fido')).rejects.toThrow(
      /The setting PERSISTENCE_MODULE="eventsourcing\/nosuchstore" names the module 'eventsourcing\/nosuchstore', which could not be loaded/,
    )
    expect(() => app.recorder).toThrow(/Await app.ready\(\) first/)
  })

  it('a closed application refuses further use', async () => {
    const { DogSchool } = defineDogSchool()
    const app = new DogSchool()
    await app.close()
    await expect(app.registerDog('Fido')).rejects.toThrow('The application DogSchool is closed')
  })

  it('finds an aggregate by any spelling of its id, as Python compares UUID objects', async () => {
    const { DogSchool } = defineDogSchool()
    const app = new DogSchool()
    const id = await app.registerDog('Fido')
    expect((await app.repository.get(id.toUpperCase())).id).toBe(id)
    expect(await app.repository.contains(id.toUpperCase())).toBe(true)
  })

  it('gives an aggregate whose createId returns capitals the lower-case spelling of its id', async () => {
    const id = uuid4()
    class Ticket extends Aggregate {
      static override createId() {
        return id.toUpperCase()
      }
    }
    const app = new Application()
    const ticket = new Ticket()
    await app.save(ticket)
    expect(ticket.id).toBe(id)
    expect((await app.repository.get(id, Ticket)).id).toBe(id)
  })

  it('reading an aggregate of an undecorated class not used yet in this process says to pass the class or decorate it', async () => {
    class Counter extends Aggregate {
      count = 0
    }
    // A database, not memory: the in-memory store hands back the very events it was given.
    const app = new Application({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: ':memory:' } })
    const counter = new Counter()
    await app.save(counter)
    // A new process defines the class but has not used it yet: nothing has registered its topics.
    registry.reset()
    await expect(app.repository.get(counter.id)).rejects.toThrow(
      /pass the class to repository.get\(id, Class\), decorate it \(@event\('Created'\) on the class is enough\)/,
    )
    expect(await app.repository.get(counter.id, Counter)).toBeInstanceOf(Counter)
    expect(await app.repository.get(counter.id)).toBeInstanceOf(Counter)
    await app.close()
  })
})
