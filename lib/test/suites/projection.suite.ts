/**
 * The projection module's guarantees, written once and run on each store: views record each change with its
 * position, exactly once; subscriptions hand over from catch-up to live without a gap; the runner resumes
 * after a restart, surfaces a failing projection's error, and waits for a save to show in the view.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { registry, type EnvironmentValues } from 'eventsourcing'
import {
  Environment,
  InfrastructureFactory,
  isIntegrityError,
  isOperationalError,
  isProgrammingError,
  type Tracking,
} from 'eventsourcing/persistence'
import {
  handles,
  isProjectionError,
  isWaitTimeoutError,
  Projection,
  ProjectionRunner,
  subscribe,
  type SubscribedEvent,
} from 'eventsourcing/projection'
import { defineDogSchool } from '../support/dog-school.js'
import {
  DOG_COUNTS_VIEWS,
  defineDogCountsProjection,
  type DogCounts,
  type SqliteDogCounts,
} from '../support/dog-counts.js'

/** Settings of a fresh store per call; `durable` stores keep what they store for new application objects. */
export interface ProjectionStore {
  env: () => EnvironmentValues
  durable: boolean
  /** How a subscription hears writes made through another application object: by polling, or LISTEN/NOTIFY. */
  hears?: 'polling' | 'notifications'
}

const tracking = (notificationId: number): Tracking => ({ applicationName: 'DogSchool', notificationId })

/** Runs the projection module's checks on one store. */
export function describeProjection(name: string, store: ProjectionStore): void {
  describe(`projections ${name}`, () => {
    beforeEach(() => registry.reset())

    /** A started runner of the dog counts projection, with its school. */
    async function startRunner(env = store.env()) {
      const { Dog, DogSchool } = defineDogSchool()
      const runner = new ProjectionRunner({
        application: DogSchool,
        projection: defineDogCountsProjection(Dog),
        view: DOG_COUNTS_VIEWS,
        env,
      })
      await runner.start()
      return { Dog, DogSchool, runner, school: runner.application, env }
    }

    describe('the view', () => {
      it('records a change with its position, and reports the largest position per application', async () => {
        const { runner } = await startRunner()
        const view = runner.view
        // When the view counts a dog at notification 3 of DogSchool
        await view.countDog(tracking(3))
        // Then the change and its position are both there, and other applications have no position yet
        expect(await view.dogs()).toBe(1)
        expect(await view.maxTrackingId('DogSchool')).toBe(3)
        expect(await view.hasTrackingId('DogSchool', 3)).toBe(true)
        expect(await view.hasTrackingId('DogSchool', 2)).toBe(false)
        expect(await view.maxTrackingId('Other')).toBe(0)
        await runner.stop()
      })

      it('refuses a position recorded before with IntegrityError and keeps the change out', async () => {
        const { runner } = await startRunner()
        const view = runner.view
        await view.countDog(tracking(1))
        // When the same position is recorded again with another change
        const error = await view.countDog(tracking(1)).catch((e: unknown) => e)
        // Then it is refused, and the second change is not stored
        expect(isIntegrityError(error)).toBe(true)
        expect(String((error as Error).message)).toMatch(/Notification 1 of DogSchool is already recorded/)
        expect(await view.dogs()).toBe(1)
        await runner.stop()
      })

      it('stores neither change nor position when the change throws', async () => {
        const { runner } = await startRunner()
        const view = runner.view
        await expect(view.countTrick('explode', tracking(1))).rejects.toThrow(/cannot count a trick named explode/)
        expect(await view.tricks()).toBe(0)
        expect(await view.hasTrackingId('DogSchool', 1)).toBe(false)
        await runner.stop()
      })

      it('wait() resolves once the position is recorded, and at once for one already passed', async () => {
        const { runner } = await startRunner()
        const view = runner.view
        await view.insertTracking(tracking(2))
        await view.wait('DogSchool', 1)
        const waiting = view.wait('DogSchool', 5, { timeoutMs: 5000 })
        await view.insertTracking(tracking(5))
        await expect(waiting).resolves.toBeUndefined()
        await runner.stop()
      })

      it('wait() gives up with a WaitTimeoutError naming how far the view got', async () => {
        const { runner } = await startRunner()
        await runner.view.insertTracking(tracking(2))
        const error = await runner.view.wait('DogSchool', 9, { timeoutMs: 30 }).catch((e: unknown) => e)
        expect(isWaitTimeoutError(error)).toBe(true)
        expect(error).toMatchObject({ applicationName: 'DogSchool', notificationId: 9, reached: 2, timeoutMs: 30 })
        expect(String((error as Error).message)).toMatch(/up to 2, not yet 9, after waiting 30 ms/)
        await runner.stop()
      })

      it('wait() gives up with a WaitTimeoutError when its signal is aborted', async () => {
        const { runner } = await startRunner()
        const controller = new AbortController()
        const waiting = runner.view.wait('DogSchool', 9, { timeoutMs: 60_000, signal: controller.signal })
        controller.abort()
        const error = await waiting.catch((e: unknown) => e)
        expect(isWaitTimeoutError(error)).toBe(true)
        expect(String((error as Error).message)).toMatch(/not yet 9, and the wait was aborted/)
        await runner.stop()
      })

      it('wait() refuses a malformed notification id with a ProgrammingError', async () => {
        const { runner } = await startRunner()
        const error = await runner.view.wait('DogSchool', '3' as unknown as number).catch((e: unknown) => e)
        expect(isProgrammingError(error)).toBe(true)
        expect(String((error as Error).message)).toMatch(/takes a notification id .* but was given/)
        await runner.stop()
      })
    })

    describe('subscribe()', () => {
      it('gives out stored events from a position, then new ones as they are stored', async () => {
        const { DogSchool } = defineDogSchool()
        const school = new DogSchool({ env: store.env() })
        const fido = await school.registerDog('Fido')
        await school.addTrick(fido, 'sit')
        const subscription = subscribe(school, { after: 1 })
        const received: SubscribedEvent[] = []
        const reading = (async () => {
          for await (const item of subscription) {
            received.push(item)
            if (received.length === 3) break
          }
        })()
        await school.registerDog('Rex')
        await school.addTrick(fido, 'roll over')
        await reading
        // Then notifications 2, 3 and 4 arrive in order, each with its position, and break closed it
        expect(received.map((item) => item.tracking.notificationId)).toEqual([2, 3, 4])
        expect(received.map((item) => item.domainEvent.constructor.name)).toEqual([
          'TrickAdded',
          'Registered',
          'TrickAdded',
        ])
        expect(subscription.closed).toBe(true)
        await school.close()
      })

      it('hands over from catch-up to live without a gap or a repeat while writes go on', async () => {
        const { DogSchool } = defineDogSchool()
        const school = new DogSchool({ env: store.env() })
        for (let i = 0; i < 30; i++) await school.registerDog(`dog ${i}`)
        const subscription = subscribe(school, { pageSize: 7 })
        const ids: number[] = []
        const reading = (async () => {
          for await (const { tracking } of subscription) {
            ids.push(tracking.notificationId)
            if (ids.length === 60) break
          }
        })()
        // Writes go on while the subscription catches up in pages of 7
        for (let i = 30; i < 60; i++) await school.registerDog(`dog ${i}`)
        await reading
        expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
        await school.close()
      })

      it('gives out only the events of the given topics, yet its position moves past the others', async () => {
        const { Dog, DogSchool } = defineDogSchool()
        const school = new DogSchool({ env: store.env() })
        const fido = await school.registerDog('Fido')
        await school.addTrick(fido, 'sit')
        await school.registerDog('Rex')
        const subscription = subscribe(school, { topics: [registry.topicOf(Dog.Registered)!] })
        const first = await subscription.next()
        const second = await subscription.next()
        expect([first.value?.tracking.notificationId, second.value?.tracking.notificationId]).toEqual([1, 3])
        await school.addTrick(fido, 'roll over')
        // A pending next() resolves as done when the subscription is closed
        const pending = subscription.next()
        await new Promise((resolve) => setTimeout(resolve, 20))
        expect(subscription.position).toBe(4)
        await subscription.close()
        expect(await pending).toEqual({ done: true, value: undefined })
        await school.close()
      })

      if (store.hears !== undefined) {
        it(`hears writes made through another application object, by ${store.hears}`, async () => {
          const { DogSchool } = defineDogSchool()
          const env = store.env()
          const reader = new DogSchool({ env })
          const writer = new DogSchool({ env })
          await writer.registerDog('Fido')
          // Reading at a long interval, only a notification can wake the subscription in time
          const interval = store.hears === 'notifications' ? 60_000 : 20
          const subscription = subscribe(reader, { pollIntervalMs: interval, notifiedPollIntervalMs: interval })
          expect((await subscription.next()).value?.tracking.notificationId).toBe(1)
          const next = subscription.next()
          await new Promise((resolve) => setTimeout(resolve, 50))
          await writer.registerDog('Rex')
          const started = Date.now()
          expect((await next).value?.tracking.notificationId).toBe(2)
          expect(Date.now() - started).toBeLessThan(5000)
          await subscription.close()
          await Promise.all([reader.close(), writer.close()])
        })
      }

      it('refuses a position ahead of the log when it starts', async () => {
        const { DogSchool } = defineDogSchool()
        const school = new DogSchool({ env: store.env() })
        await school.registerDog('Fido')
        const subscription = subscribe(school, { after: 5 })
        const error = await subscription.next().catch((e: unknown) => e)
        expect(isProgrammingError(error)).toBe(true)
        expect(String((error as Error).message)).toMatch(
          /starts after notification 5 of DogSchool, but its log ends at 1/,
        )
        await subscription.close()
        await school.close()
      })

      it('refuses what is not an application, and malformed options, with a ProgrammingError', () => {
        const { DogSchool } = defineDogSchool()
        expect(() => subscribe({} as never)).toThrow(/subscribe\(\) takes an application/)
        expect(() => subscribe(new DogSchool(), { after: -1 })).toThrow(/after is a notification id/)
        expect(() => subscribe(new DogSchool(), { topics: 'Dog.Registered' as never })).toThrow(/topics is an array/)
      })
    })

    describe('the runner', () => {
      it('catches up with what was stored before it started, then follows live', async () => {
        const { Dog, DogSchool } = defineDogSchool()
        const env = store.env()
        const school = new DogSchool({ env })
        const fido = await school.registerDog('Fido')
        await school.addTrick(fido, 'sit')
        // Given an application object, the runner projects it and leaves it open
        const runner = new ProjectionRunner({
          application: school,
          projection: defineDogCountsProjection(Dog),
          view: DOG_COUNTS_VIEWS,
          env,
        })
        await runner.start()
        await runner.wait(2)
        expect([await runner.view.dogs(), await runner.view.tricks()]).toEqual([1, 1])
        const rex = await school.registerDog('Rex')
        await school.addTrick(rex, 'fetch')
        await runner.wait(4)
        expect([await runner.view.dogs(), await runner.view.tricks()]).toEqual([2, 2])
        await runner.stop()
        await expect(school.registerDog('Bella')).resolves.toBeTypeOf('string')
        await school.close()
      })

      if (store.durable) {
        it("resumes after a restart from the view's position, counting each event once", async () => {
          const first = await startRunner()
          const fido = await first.school.registerDog('Fido')
          await first.school.addTrick(fido, 'sit')
          await first.runner.wait(2)
          await first.runner.stop()
          // While no runner runs, the application stores more
          const school = new first.DogSchool({ env: first.env })
          await school.addTrick(fido, 'roll over')
          await school.registerDog('Rex')
          await school.close()
          registry.reset()
          const second = await startRunner(first.env)
          await second.runner.wait(4)
          expect([await second.runner.view.dogs(), await second.runner.view.tricks()]).toEqual([2, 2])
          expect(await second.runner.view.maxTrackingId('DogSchool')).toBe(4)
          await second.runner.stop()
        })
      }

      it("waits with the id save() returned until the view shows the command's events", async () => {
        const { runner, school, Dog } = await startRunner()
        const dog = new Dog({ name: 'Fido' })
        dog.addTrick({ trick: 'sit' })
        const recordings = await school.save(dog)
        await runner.wait(recordings.at(-1)!.notificationId)
        expect([await runner.view.dogs(), await runner.view.tricks()]).toEqual([1, 1])
        await runner.stop()
      })

      it('records the position of events no handler takes, so that waiting for them ends', async () => {
        const { DogSchool } = defineDogSchool()
        class DogsOnly extends Projection<DogCounts> {
          override async process(_event: unknown, tracking: Tracking) {
            await this.view.insertTracking(tracking)
          }
        }
        const runner = new ProjectionRunner({
          application: DogSchool,
          projection: DogsOnly,
          view: DOG_COUNTS_VIEWS,
          env: store.env(),
        })
        await runner.start()
        const id = await runner.application.registerDog('Fido')
        await runner.application.addTrick(id, 'sit')
        await runner.wait(2, { timeoutMs: 5000 })
        await runner.stop()

        // With topic filtering, the skipped notifications are passed by the position recorded when caught up
        registry.reset()
        const filtered = defineDogSchool()
        class RegisteredOnly extends Projection<DogCounts> {
          @handles(filtered.Dog.Registered)
          async dogRegistered(_event: unknown, tracking: Tracking) {
            await this.view.countDog(tracking)
          }
        }
        const second = new ProjectionRunner({
          application: filtered.DogSchool,
          projection: RegisteredOnly,
          view: DOG_COUNTS_VIEWS,
          env: store.env(),
        })
        await second.start()
        const fido = await second.application.registerDog('Fido')
        await second.application.addTrick(fido, 'sit')
        await second.application.addTrick(fido, 'roll over')
        await second.wait(3, { timeoutMs: 5000 })
        expect(await second.view.dogs()).toBe(1)
        expect(await second.view.tricks()).toBe(0)
        await second.stop()
      })

      it('stops with a ProjectionError naming the notification, and records nothing of it', async () => {
        const { runner, school } = await startRunner()
        // Two callers wait, one for a notification that will never be processed
        const waits = [runner.wait(2, { timeoutMs: 5000 }), runner.wait(3, { timeoutMs: 5000 })].map((waiting) =>
          waiting.catch((e: unknown) => e),
        )
        const fido = await school.registerDog('Fido')
        await school.addTrick(fido, 'explode')
        const [error, other] = await Promise.all(waits)
        expect(isProjectionError(error)).toBe(true)
        expect(other).toBe(error)
        expect(error).toMatchObject({
          projectionName: 'DogCountsProjection',
          applicationName: 'DogSchool',
          notificationId: 2,
        })
        expect(String((error as Error).message)).toMatch(
          /could not process notification 2 of DogSchool: The view cannot count a trick named explode/,
        )
        expect(runner.isRunning).toBe(false)
        expect([await runner.view.dogs(), await runner.view.tricks()]).toEqual([1, 0])
        expect(await runner.view.maxTrackingId('DogSchool')).toBe(1)
        // wait() gave the error to a caller, so stop() does not throw it again
        await expect(runner.stop()).resolves.toBeUndefined()
      })

      it('throws the error from stop() when no wait() has thrown it', async () => {
        const { runner, school } = await startRunner()
        const fido = await school.registerDog('Fido')
        await school.addTrick(fido, 'explode')
        await expect.poll(() => runner.isRunning).toBe(false)
        await expect(runner.stop()).rejects.toThrow(/could not process notification 2/)
        await expect(runner.stop()).rejects.toThrow(/could not process notification 2/)
      })

      it('refuses a handler that does not record the tracking, since processing would not be exactly once', async () => {
        const { Dog, DogSchool } = defineDogSchool()
        class Forgetful extends Projection<DogCounts> {
          @handles(Dog.Registered)
          async dogRegistered() {}
        }
        const runner = new ProjectionRunner({
          application: DogSchool,
          projection: Forgetful,
          view: DOG_COUNTS_VIEWS,
          env: store.env(),
        })
        await runner.start()
        await runner.application.registerDog('Fido')
        const error = await runner.wait(1, { timeoutMs: 5000 }).catch((e: unknown) => e)
        expect(isProjectionError(error)).toBe(true)
        expect(String((error as Error).message)).toMatch(
          /Forgetful.dogRegistered returned without recording notification 1 of DogSchool in the view/,
        )
        await runner.stop()
      })

      it('refuses view classes that none fit the store the settings choose', async () => {
        const { Dog, DogSchool } = defineDogSchool()
        const runner = new ProjectionRunner({
          application: DogSchool,
          projection: defineDogCountsProjection(Dog),
          view: DOG_COUNTS_VIEWS.filter((cls) => !cls.name.startsWith(storeViewPrefix(store))),
          env: store.env(),
        })
        const error = await runner.start().catch((e: unknown) => e)
        expect(isProgrammingError(error)).toBe(true)
        expect(String((error as Error).message)).toMatch(
          /None of the view classes given to the runner of DogCountsProjection/,
        )
      })

      if (store.durable) {
        it('refuses a missing view table with an OperationalError saying how to create it', async () => {
          const { Dog, DogSchool } = defineDogSchool()
          const runner = new ProjectionRunner({
            application: DogSchool,
            projection: defineDogCountsProjection(Dog),
            view: DOG_COUNTS_VIEWS,
            env: { ...store.env(), DOGCOUNTSPROJECTION_CREATE_TABLE: 'n' },
          })
          const error = await runner.start().catch((e: unknown) => e)
          expect(isOperationalError(error)).toBe(true)
          expect(String((error as Error).message)).toMatch(
            /table \S*dogcountsprojection_tracking does not exist.*Leave CREATE_TABLE unset/,
          )
        })

        it('refuses a view table of another shape, naming the missing columns', async () => {
          const env = store.env()
          const factory = await InfrastructureFactory.construct(new Environment('DogCountsProjection', env))
          const ViewClass = DOG_COUNTS_VIEWS.find((cls) => cls.prototype instanceof factory.trackingRecorderClass!)!
          // Given a table of the view's name made by something else
          const Foreign = class extends (ViewClass as unknown as new (...args: unknown[]) => SqliteDogCounts) {
            protected override tableSql() {
              return [`CREATE TABLE ${this.tableName('counts')} (kind TEXT PRIMARY KEY, total INTEGER NOT NULL)`]
            }
          }
          await (factory.trackingRecorder(Foreign as never) as SqliteDogCounts).createTable()
          await factory.close()
          const { Dog, DogSchool } = defineDogSchool()
          const runner = new ProjectionRunner({
            application: DogSchool,
            projection: defineDogCountsProjection(Dog),
            view: DOG_COUNTS_VIEWS,
            env,
          })
          const error = await runner.start().catch((e: unknown) => e)
          expect(isOperationalError(error)).toBe(true)
          expect(String((error as Error).message)).toMatch(
            /dogcountsprojection_counts .*has the columns kind, total, but the view needs kind, n \(missing: n\)/,
          )
        })
      }

      it('refuses malformed options with a ProgrammingError', () => {
        expect(() => new ProjectionRunner({} as never)).toThrow(/application is an application class/)
      })
    })
  })
}

/** The class name prefix of the store's view class. */
function storeViewPrefix(store: ProjectionStore): string {
  const module = store.env().PERSISTENCE_MODULE ?? ''
  // PGlite runs the PostgreSQL store's views.
  if (module.endsWith('sqlite')) return 'Sqlite'
  return module.endsWith('postgres') || module.endsWith('pglite') ? 'Postgres' : 'InMemory'
}
