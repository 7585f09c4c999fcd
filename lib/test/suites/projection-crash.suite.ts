/**
 * Exactly once under SIGKILL: a process running a projection is killed at random points, during catch-up
 * and while following live writes, and started again; at the end the view has counted every event once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { registry } from 'eventsourcing'
import { Environment, InfrastructureFactory } from 'eventsourcing/persistence'
import { DOG_COUNTS_VIEWS } from '../support/dog-counts.js'
import { defineDogSchool } from '../support/dog-school.js'
import {
  bundleMultiprocess,
  eventually,
  killHosts,
  startHost,
  type MultiprocessBundle,
} from '../support/multiprocess.js'

/** Kills a projection process a few times and checks the view's counts and positions are exact. */
export function describeProjectionCrashes(name: string, settings: () => Record<string, string>): void {
  describe(`a projection process killed with SIGKILL ${name}`, () => {
    let bundle: MultiprocessBundle
    beforeAll(async () => {
      bundle = await bundleMultiprocess()
    })
    afterAll(() => bundle?.remove())
    beforeEach(() => registry.reset())
    afterEach(() => killHosts())

    it('leaves a view that counted every event exactly once, once restarted', async () => {
      // Given 5 dogs and 150 tricks stored in 30 saves before any projection runs
      const { Dog, DogSchool } = defineDogSchool()
      const env = settings()
      const school = new DogSchool({ env })
      const dogs = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((dogName) => school.registerDog(dogName)))
      let tricks = 0
      const teach = async (saves: number) => {
        for (let save = 0; save < saves; save++) {
          const dog = await school.repository.get(dogs[save % dogs.length]!, Dog)
          for (let trick = 0; trick < 5; trick++) dog.addTrick({ trick: `trick ${tricks++}` })
          await school.save(dog)
        }
      }
      await teach(30)
      const factory = await InfrastructureFactory.construct(new Environment('DogCountsProjection', env))
      const view = factory.trackingRecorder(
        DOG_COUNTS_VIEWS.find((cls) => cls.prototype instanceof factory.trackingRecorderClass!),
      )
      const tracked = () => view.maxTrackingId('DogSchool')

      // When a process running the projection is killed a few times, each soon after the view has recorded a
      // random number more notifications, while the school goes on storing tricks
      const kills: number[] = []
      for (let round = 0; round < 4; round++) {
        const host = startHost(bundle, { settings: env, mode: 'run' })
        const writing = teach(5)
        const target = (await tracked()) + 5 + Math.floor(Math.random() * 30)
        await eventually(async () => (await tracked()) >= target || host.child.exitCode !== null, 20_000, 'progress')
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3))
        host.child.kill('SIGKILL')
        await host.exited
        await writing
        kills.push(await tracked())
      }
      // And the projection is then run until it has caught up
      const last = startHost(bundle, { settings: env, mode: 'catch-up' })
      expect(await last.exited).toMatch(/^done$/m)

      // Then every dog and trick was counted exactly once: none lost, none twice
      expect(tricks).toBe(250)
      expect([await view.dogs(), await view.tricks()]).toEqual([5, 250])
      // And every notification is recorded as processed, up to the last one
      const lastId = await school.notificationLog.maxNotificationId()
      for (let id = 1; id <= lastId; id++) expect(await view.hasTrackingId('DogSchool', id), `${id}`).toBe(true)
      // And the kills fell before the end (at positions that kept growing)
      expect(kills.filter((position) => position < lastId).length).toBeGreaterThan(0)
      await Promise.all([school.close(), factory.close()])
    }, 60_000)
  })
}
