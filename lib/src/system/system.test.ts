import { beforeEach, describe, expect, it } from 'vitest'
import { Application } from '../application/index.js'
import { Aggregate, event, registry, type DomainEvent } from '../domain/index.js'
import { isProcessingError, ProcessingError } from './errors.js'
import {
  ConcurrentRunner,
  policy,
  ProcessApplication,
  SingleThreadedRunner,
  System,
  type ProcessingEvent,
} from './index.js'
import { defineCounters } from '../../test/support/counters.js'
import { tempDbPath } from '../../test/support/sqlite.js'

beforeEach(() => registry.reset())

describe('System', () => {
  it('lists its applications as nodes and who follows whom as edges, as Python does', () => {
    const { DogSchool, Counters } = defineCounters()
    const system = new System({ pipes: [[DogSchool, Counters]] })
    expect(system.nodes).toEqual(['DogSchool', 'Counters'])
    expect(system.edges).toEqual([['DogSchool', 'Counters']])
    expect([system.leaders, system.followers]).toEqual([['DogSchool'], ['Counters']])
    expect([system.leads('DogSchool'), system.follows('Counters')]).toEqual([['Counters'], ['DogSchool']])
  })

  it('refuses a follower that is not a process application, two applications with one name, and a bad pipe', () => {
    const { DogSchool, Counters } = defineCounters()
    class Reports extends Application {}
    expect(() => new System({ pipes: [[DogSchool, Reports]] })).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: Reports follows DogSchool in the system, so it must extend ProcessApplication (from eventsourcing/system), which records how far it has processed the events of DogSchool.]`,
    )
    class Other extends Counters {
      static override applicationName = 'DogSchool'
    }
    expect(() => new System({ pipes: [[DogSchool, Other]] })).toThrow(
      /Two applications of the system are named DogSchool/,
    )
    expect(() => new System({ pipes: [DogSchool] as never })).toThrow(
      /takes \{ pipes: \[\[Leader, Follower\], \.\.\.\] \}/,
    )
  })
})

describe('runners', () => {
  it('get() before start() and get() of a class outside the system say what to do', async () => {
    const { DogSchool, Counters } = defineCounters()
    class Elsewhere extends Application {}
    const runner = new SingleThreadedRunner(new System({ pipes: [[DogSchool, Counters]] }))
    expect(() => runner.get(DogSchool)).toThrow(
      'The runner has not started: await runner.start() before runner.get(DogSchool).',
    )
    await runner.start()
    expect(() => runner.get(Elsewhere)).toThrow(
      'Elsewhere is not an application of this system; its applications are DogSchool, Counters.',
    )
    await runner.stop()
    await runner.stop()
    await expect(runner.start()).rejects.toThrow(/has stopped; construct a new runner/)
  })

  it('the single-threaded runner has processed a chain of followers when the first save resolves', async () => {
    const { DogSchool, Counters } = defineCounters()
    const seen: string[] = []
    class Audit extends ProcessApplication {
      override policy(domainEvent: DomainEvent) {
        seen.push(domainEvent.constructor.name)
      }
    }
    const runner = new SingleThreadedRunner(new System({ pipes: [[DogSchool, Counters, Audit]] }))
    await runner.start()
    const fido = await runner.get(DogSchool).registerDog('Fido')
    await runner.get(DogSchool).addTrick(fido, 'sit')
    expect(seen).toEqual(['Created', 'Incremented'])
    await runner.stop()
  })

  it('a policy that throws rejects the save that prompted it, records nothing of it, and is retried at the same notification', async () => {
    const { Dog, DogSchool } = defineCounters()
    let broken = true
    const processed: number[] = []
    class Tally extends ProcessApplication {
      @policy(Dog.TrickAdded)
      tally(_event: InstanceType<typeof Dog.TrickAdded>, processing: ProcessingEvent) {
        if (broken) throw new RangeError('the tally is broken')
        processed.push(processing.tracking!.notificationId)
      }
    }
    const runner = new SingleThreadedRunner(new System({ pipes: [[DogSchool, Tally]] }))
    await runner.start()
    const school = runner.get(DogSchool)
    const fido = await school.registerDog('Fido')
    const error = await school.addTrick(fido, 'sit').catch((e: unknown) => e)
    expect(isProcessingError(error)).toBe(true)
    expect((error as ProcessingError).message).toMatchInlineSnapshot(
      `"The write that prompted the followers was stored, but a follower downstream failed: Tally could not process notification 2 of DogSchool (Dog.TrickAdded): the tally is broken. Nothing of its processing was recorded; Tally resumes at that notification when it processes DogSchool again."`,
    )
    expect((error as ProcessingError).notificationId).toBe(2)
    expect(((error as ProcessingError).cause as Error).cause).toBeInstanceOf(RangeError)
    expect((await school.getDog(fido)).tricks).toEqual(['sit'])
    expect(await runner.get(Tally).position('DogSchool')).toBe(1)
    broken = false
    await school.addTrick(fido, 'stay')
    expect(processed).toEqual([2, 3])
    expect(runner.errors).toHaveLength(1)
    // The save reported the error already, so stopping does not throw it again.
    await runner.stop()
  })

  it('the concurrent runner keeps a follower error: waitForFollowers rejects with it, and stop() throws it', async () => {
    const { Dog, DogSchool, Counters } = defineCounters()
    class Broken extends ProcessApplication {
      @policy(Dog.TrickAdded)
      fail() {
        throw new Error('no')
      }
    }
    const runner = new ConcurrentRunner(
      new System({
        pipes: [
          [DogSchool, Counters],
          [DogSchool, Broken],
        ],
      }),
    )
    await runner.start()
    const school = runner.get(DogSchool)
    await school.addTrick(await school.registerDog('Fido'), 'sit')
    await expect(runner.waitForFollowers()).rejects.toThrow(/Broken could not process notification 2 of DogSchool/)
    // The other follower of the same leader is independent of the broken one.
    expect(await runner.get(Counters).getCount('sit')).toBe(1)
    await runner.stop()
  })

  it('the concurrent runner throws a follower error from stop() when no wait has reported it', async () => {
    const { Dog, DogSchool } = defineCounters()
    class Broken extends ProcessApplication {
      @policy(Dog.TrickAdded)
      fail() {
        throw new Error('no')
      }
    }
    const runner = new ConcurrentRunner(new System({ pipes: [[DogSchool, Broken]] }))
    await runner.start()
    const school = runner.get(DogSchool)
    await school.addTrick(await school.registerDog('Fido'), 'sit')
    while (runner.errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    await expect(runner.stop()).rejects.toThrow(ProcessingError)
  })

  it('processes each notification once, in order, however often a follower is prompted', async () => {
    const { Dog, DogSchool } = defineCounters()
    const processed: number[] = []
    class Log extends ProcessApplication {
      @policy(Dog.Event)
      log(_event: DomainEvent, processing: ProcessingEvent) {
        processed.push(processing.tracking!.notificationId)
      }
    }
    const school = new DogSchool()
    const log = new Log()
    log.follow(school)
    for (const name of ['Fido', 'Rex', 'Max']) await school.addTrick(await school.registerDog(name), 'sit')
    const counts = await Promise.all([1, 2, 3, 4].map(() => log.pullAndProcess('DogSchool')))
    expect(counts.reduce((a, b) => a + b)).toBe(6)
    expect(processed).toEqual([1, 2, 3, 4, 5, 6])
    expect(await log.pullAndProcess('DogSchool')).toBe(0)
  })

  it('reads only the topics its policies handle, and still moves its position past the others', async () => {
    const { DogSchool, Counters } = defineCounters()
    const runner = new ConcurrentRunner(new System({ pipes: [[DogSchool, Counters]] }))
    await runner.start()
    const school = runner.get(DogSchool)
    await school.registerDog('Fido')
    await school.registerDog('Rex')
    await runner.waitForFollowers({ timeoutMs: 2000 })
    expect(await runner.get(Counters).position('DogSchool')).toBe(2)
    expect(await runner.get(Counters).recorder.maxTrackingId('DogSchool')).toBe(0)
    await runner.stop()
  })

  it('resumes after a restart from the last position it recorded, counting nothing twice', async () => {
    const { DogSchool, Counters } = defineCounters()
    const env = {
      PERSISTENCE_MODULE: 'eventsourcing/sqlite',
      DOGSCHOOL_SQLITE_DBNAME: tempDbPath('dogschool'),
      COUNTERS_SQLITE_DBNAME: tempDbPath('counters'),
    }
    const system = new System({ pipes: [[DogSchool, Counters]] })
    const first = new SingleThreadedRunner(system, { env })
    await first.start()
    const fido = await first.get(DogSchool).registerDog('Fido')
    await first.get(DogSchool).addTrick(fido, 'sit')
    await first.stop()
    // While no runner runs, the leader goes on.
    const alone = new DogSchool({ env })
    await alone.addTrick(fido, 'sit')
    await alone.addTrick(fido, 'stay')
    await alone.close()
    const second = new SingleThreadedRunner(system, { env })
    await second.start()
    expect(await second.get(Counters).getCount('sit')).toBe(2)
    expect(await second.get(Counters).getCount('stay')).toBe(1)
    await second.stop()
  })

  it('an upstream event whose class is not registered stops the follower with an error naming the topic', async () => {
    class Orphan extends Aggregate {
      @event('Happened')
      happen() {}
    }
    class Source extends Application {}
    class Sink extends ProcessApplication {}
    const env = { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: tempDbPath('orphans') }
    const source = new Source({ env })
    const orphan = new Orphan()
    orphan.happen()
    await source.save(orphan)
    registry.reset()
    const sink = new Sink({ env })
    sink.follow(source)
    const error = await sink.pullAndProcess('Source').catch((e: unknown) => e)
    expect((error as Error).message).toMatch(
      /^Sink could not process notification 1 of Source \(Orphan.Created\): The stored event Orphan.Created of aggregate \S+ at version 1 \(notification 1\) has the topic 'Orphan.Created', which names no class in this program, so it cannot be read: No class is registered under the topic 'Orphan.Created'/,
    )
    expect(await sink.pullAndProcess('Nowhere').catch((e: unknown) => (e as Error).message)).toBe(
      'Sink does not follow an application named the string "Nowhere"; it follows Source. Put both in one pipe of the system, or call follow(leader) first.',
    )
    await Promise.all([source.close(), sink.close()])
  })

  it('a start that fails (a follower failing to catch up) closes what it opened, and the runner is not running', async () => {
    const { Dog, DogSchool } = defineCounters()
    const env = { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: tempDbPath('failed-start') }
    const school = new DogSchool({ env })
    await school.addTrick(await school.registerDog('Fido'), 'sit')
    await school.close()
    class Broken extends ProcessApplication {
      @policy(Dog.TrickAdded)
      fail() {
        throw new Error('not today.')
      }
    }
    const runner = new SingleThreadedRunner(new System({ pipes: [[DogSchool, Broken]] }), { env })
    const error = (await runner.start().catch((e: unknown) => e)) as Error
    expect(error.message).toContain(
      'Broken could not process notification 2 of DogSchool (Dog.TrickAdded): not today. Nothing',
    )
    expect(runner.isRunning).toBe(false)
    await runner.stop()
  })

  it('a policy that calls save() itself does not make the single-threaded runner wait for its own loop', async () => {
    const { Dog, DogSchool, Counter } = defineCounters()
    class Eager extends ProcessApplication {
      @policy(Dog.TrickAdded)
      async count(trickAdded: InstanceType<typeof Dog.TrickAdded>) {
        await this.save(new Counter(trickAdded.trick))
      }
    }
    const seen: string[] = []
    class Audit extends ProcessApplication {
      override policy(domainEvent: DomainEvent) {
        seen.push(domainEvent.constructor.name)
      }
    }
    // Eager leads Audit, so its own save() prompts the runner while the runner is processing Eager.
    const runner = new SingleThreadedRunner(new System({ pipes: [[DogSchool, Eager, Audit]] }))
    await runner.start()
    const school = runner.get(DogSchool)
    await school.addTrick(await school.registerDog('Fido'), 'sit')
    expect(await runner.get(Eager).notificationLog.maxNotificationId()).toBe(1)
    expect(seen).toEqual(['Created'])
    await runner.stop()
  })
})
