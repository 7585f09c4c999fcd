/**
 * `observeRun` describes what a run did for the event explorer, through the library's public instrumentation
 * points: notification logs decoded, unsaved events, each aggregate replayed version by version, and how far each
 * process application has processed the applications it follows, and each view's rows and positions.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Aggregate, event, NAMESPACE_URL, observeAggregates, uuid5, type EventClass } from 'eventsourcing/domain'
import {
  AggregateNotFoundError,
  Application,
  NotificationLog,
  observeApplications,
  Repository,
} from 'eventsourcing/application'
import { policy, ProcessApplication, SingleThreadedRunner, System, type ProcessingEvent } from 'eventsourcing/system'
import { InMemoryTrackingRecorder, observeViews, type Tracking } from 'eventsourcing/persistence'
import { handles, Projection, ProjectionRunner } from 'eventsourcing/projection'
import { SqliteTrackingRecorder, type SqliteDatastore } from 'eventsourcing/sqlite'
import type { ExplorerData } from '../shared/explorer-data'
import { observeRun, type ObserveOptions, type RunObserver } from './run-observer'

/** Makes the Renamed event's method throw, as a method can when its event is applied again. */
let renameThrows = false

@event('Registered')
class Dog extends Aggregate {
  declare static Registered: EventClass<{ name: string }>
  declare static TrickAdded: EventClass<{ trick: string }>
  name: string
  tricks: string[] = []

  constructor({ name }: { name: string }) {
    super()
    this.name = name
  }

  @event('TrickAdded')
  addTrick({ trick }: { trick: string }) {
    this.tricks.push(trick)
  }

  @event('Renamed')
  rename({ name }: { name: string }) {
    if (renameThrows) throw new Error('cannot apply this again')
    this.name = name
  }
}

class DogSchool extends Application {
  async registerDog(name: string, tricks: string[] = []) {
    const dog = new Dog({ name })
    for (const trick of tricks) dog.addTrick({ trick })
    await this.save(dog)
    return dog.id
  }

  async addTrick(dogId: string, trick: string, save = true) {
    const dog = await this.repository.get(dogId, Dog)
    dog.addTrick({ trick })
    if (save) await this.save(dog)
    return dog
  }
}

/** Counts each trick taught at the dog school (the tutorial's Part 4 process application). */
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
    const id = Counter.createId({ name: domainEvent.trick })
    let counter: Counter
    try {
      counter = await this.repository.get(id, Counter)
    } catch (error) {
      if (!(error instanceof AggregateNotFoundError)) throw error
      counter = new Counter(domainEvent.trick)
    }
    counter.increment()
    processing.collectEvents(counter)
  }
}

const hooks = { observeAggregates, observeApplications, observeViews, NotificationLog, Repository }
let observer: RunObserver | undefined

function observe(options: ObserveOptions = { unsavedFromPart: 0 }): RunObserver {
  observer = observeRun(hooks, options)
  return observer
}

afterEach(() => observer?.stop())

const tricksOf = (data: ExplorerData, index = 0) =>
  data.aggregates[index]!.states.map((state) => [state.version, state.state['tricks'], state.saved])

/** A run that registers Fido and teaches him 'roll over' and 'fetch ball', and its data. */
async function runFido(): Promise<{ id: string; data: ExplorerData }> {
  const run = observe()
  const school = new DogSchool()
  const id = await school.registerDog('Fido')
  await school.addTrick(id, 'roll over')
  await school.addTrick(id, 'fetch ball')
  return { id, data: (await run.collect())! }
}

describe('observeRun', () => {
  it("decodes each application's notification log: id, aggregate class and id, version, event, fields, time", async () => {
    // Given a run that registers Fido and teaches two tricks
    const before = Date.now()
    const { id, data } = await runFido()
    // Then the log holds three rows, in order
    expect(data.applicationsTotal).toBe(1)
    const [log] = data.applications
    expect(log!.name).toBe('DogSchool')
    expect(log!.total).toBe(3)
    expect(
      log!.events.map((e) => [e.notificationId, e.aggregateClass, e.aggregateId, e.version, e.name, e.fields]),
    ).toEqual([
      [1, 'Dog', id, 1, 'Registered', { name: 'Fido' }],
      [2, 'Dog', id, 2, 'TrickAdded', { trick: 'roll over' }],
      [3, 'Dog', id, 3, 'TrickAdded', { trick: 'fetch ball' }],
    ])
    for (const row of log!.events) expect(row.timestamp).toBeGreaterThanOrEqual(before)
    expect(data.unsaved).toEqual([])
  })

  it('replays each saved aggregate with repository.get, one state per version, marking what changed', async () => {
    // Given Fido saved at versions 1 to 3
    const { id, data } = await runFido()
    // Then Fido's states step through the tricks, and only the changed property is marked after version 1
    expect(data.aggregates).toHaveLength(1)
    const [fido] = data.aggregates
    expect(fido).toMatchObject({ aggregateClass: 'Dog', aggregateId: id, application: 0, lastVersion: 3 })
    expect(fido!.states).toEqual([
      {
        version: 1,
        event: 'Registered',
        fields: { name: 'Fido' },
        saved: true,
        state: { name: 'Fido', tricks: [] },
        changed: ['name', 'tricks'],
      },
      {
        version: 2,
        event: 'TrickAdded',
        fields: { trick: 'roll over' },
        saved: true,
        state: { name: 'Fido', tricks: ['roll over'] },
        changed: ['tricks'],
      },
      {
        version: 3,
        event: 'TrickAdded',
        fields: { trick: 'fetch ball' },
        saved: true,
        state: { name: 'Fido', tricks: ['roll over', 'fetch ball'] },
        changed: ['tricks'],
      },
    ])
  })

  it('lists events an application command recorded but did not save, and replays them after the saved ones', async () => {
    // Given a command that forgets to save
    const run = observe()
    const school = new DogSchool()
    const id = await school.registerDog('Rex')
    await school.addTrick(id, 'sit', false)
    // When the run ends
    const data = (await run.collect())!
    // Then the log holds the saved event only, and the trick is listed as not saved
    expect(data.applications[0]!.events.map((e) => e.name)).toEqual(['Registered'])
    expect(data.unsavedTotal).toBe(1)
    expect(data.unsaved[0]).toMatchObject({ aggregateClass: 'Dog', aggregateId: id, application: 0, total: 1 })
    expect(data.unsaved[0]!.events.map((e) => [e.version, e.name, e.fields, e.notificationId])).toEqual([
      [2, 'TrickAdded', { trick: 'sit' }, undefined],
    ])
    // And Rex's replay continues past the saved version with the unsaved event
    expect(tricksOf(data)).toEqual([
      [1, [], true],
      [2, ['sit'], false],
    ])
  })

  it('lists an aggregate never given to an application as not saved, and replays it from its created event', async () => {
    const run = observe()
    const dog = new Dog({ name: 'Fido' })
    dog.addTrick({ trick: 'roll over' })
    const data = (await run.collect())!
    expect(data.applications).toEqual([])
    expect(data.unsaved[0]!.events.map((e) => [e.version, e.name])).toEqual([
      [1, 'Registered'],
      [2, 'TrickAdded'],
    ])
    expect(data.aggregates[0]).not.toHaveProperty('application')
    expect(tricksOf(data)).toEqual([
      [1, [], false],
      [2, ['roll over'], false],
    ])
  })

  it('reports nothing for a run that makes no application and leaves no unsaved event', async () => {
    const run = observe()
    const dog = new Dog({ name: 'Fido' })
    dog.collectEvents()
    expect(await run.collect()).toBeUndefined()
  })

  it("leaves out the earlier blocks' unsaved aggregates, unless a reported block gives them new events", async () => {
    // Given two unsaved dogs made by block 0, and block 1 that teaches one of them a trick
    const run = observe({ unsavedFromPart: 1 })
    run.enterPart(0)
    const fido = new Dog({ name: 'Fido' })
    new Dog({ name: 'Rex' })
    run.enterPart(1)
    fido.addTrick({ trick: 'sit' })
    const buddy = new Dog({ name: 'Buddy' })
    // When the run ends / Then Fido (changed in block 1) and Buddy (made in block 1) are listed, Rex is not
    const data = (await run.collect())!
    expect(data.unsaved.map((u) => u.aggregateId)).toEqual([fido.id, buddy.id])
    expect(data.unsaved[0]!.events.map((e) => e.name)).toEqual(['Registered', 'TrickAdded'])
  })

  it('caps notifications, aggregates and versions, and counts them all', async () => {
    // Given 4 dogs of 3 versions each, and limits smaller than that
    const run = observe({ unsavedFromPart: 0, limits: { notifications: 5, aggregates: 2, versions: 2 } })
    const school = new DogSchool()
    for (const name of ['A', 'B', 'C', 'D']) await school.registerDog(name, ['sit', 'stay'])
    const data = (await run.collect())!
    // Then the first rows are kept and the totals say how many there were
    expect(data.applications[0]!.events).toHaveLength(5)
    expect(data.applications[0]!.total).toBe(12)
    expect(data.aggregates).toHaveLength(2)
    expect(data.aggregatesTotal).toBe(2) // the dogs the first 5 notifications name
    expect(data.aggregates[0]!.states.map((s) => s.version)).toEqual([1, 2])
    expect(data.aggregates[0]!.lastVersion).toBe(3)
  })

  it('stops replaying when the total of states is reached', async () => {
    const run = observe({ unsavedFromPart: 0, limits: { states: 4 } })
    const school = new DogSchool()
    await school.registerDog('A', ['sit', 'stay'])
    await school.registerDog('B', ['sit', 'stay'])
    const data = (await run.collect())!
    expect(data.aggregates.map((a) => a.states.length)).toEqual([3, 1])
  })

  it('counts applications and aggregate objects beyond the limits', async () => {
    const run = observe({ unsavedFromPart: 0, limits: { applications: 1, instances: 2 } })
    new DogSchool()
    new DogSchool()
    for (const name of ['A', 'B', 'C']) new Dog({ name })
    const data = (await run.collect())!
    expect([data.applications.length, data.applicationsTotal]).toEqual([1, 2])
    expect([data.unsaved.length, data.untracked]).toEqual([2, 1])
  })

  it('says why an aggregate cannot be replayed', async () => {
    const run = observe()
    // Its first events were collected by hand, so only its later events are known
    const collected = new Dog({ name: 'Fido' })
    collected.collectEvents()
    collected.addTrick({ trick: 'sit' })
    // Its method throws when its event is applied again
    new Dog({ name: 'Rex' }).rename({ name: 'Max' })
    renameThrows = true
    const data = (await run.collect())!
    renameThrows = false
    expect(data.unsaved.map((u) => u.events.map((e) => e.version))).toEqual([[2], [1, 2]])
    expect(data.aggregates[0]).toMatchObject({ states: [], problem: { kind: 'earlier-events-unknown' } })
    expect(data.aggregates[1]!.states).toHaveLength(1)
    expect(data.aggregates[1]!.problem).toEqual({
      kind: 'rebuild-failed',
      message: 'Error: cannot apply this again',
    })
  })

  it('is plain JSON data, and the observers stop with the data', async () => {
    const run = observe()
    const school = new DogSchool()
    await school.registerDog('Fido', ['sit'])
    new Dog({ name: 'Rex' })
    const data = (await run.collect())!
    expect(JSON.parse(JSON.stringify(data))).toEqual(data)
    new DogSchool()
    new Dog({ name: 'Late' })
    expect((await run.collect())!.applicationsTotal).toBe(1)
  })
})

describe('observeRun, given a system', () => {
  /** Part 4's scenario: three dogs learn 'roll over', two 'fetch ball', one 'play dead' (9 notifications). */
  async function teachPart4(school: DogSchool) {
    const dogs = [
      await school.registerDog('Billy'),
      await school.registerDog('Milly'),
      await school.registerDog('Scrappy'),
    ]
    for (const dog of dogs) await school.addTrick(dog, 'roll over')
    await school.addTrick(dogs[0]!, 'fetch ball')
    await school.addTrick(dogs[1]!, 'fetch ball')
    await school.addTrick(dogs[0]!, 'play dead')
  }

  it("lists each application of a system, and the follower's leader and position, after the runner stopped", async () => {
    // Given Part 4's system run by the single-threaded runner, stopped at the end (which closes the applications)
    const run = observe()
    const runner = new SingleThreadedRunner(new System({ pipes: [[DogSchool, Counters]] }))
    await runner.start()
    await teachPart4(runner.get(DogSchool))
    await runner.stop()
    const data = (await run.collect())!
    // Then both logs are read, and Counters has processed all 9 of DogSchool's notifications
    const [school, counters] = data.applications
    expect(data.applications.map((a) => [a.name, a.total, a.error])).toEqual([
      ['DogSchool', 9, undefined],
      ['Counters', 9, undefined],
    ])
    expect(school).not.toHaveProperty('follows')
    expect(counters!.follows).toEqual([{ name: 'DogSchool', application: 0, position: 9 }])
    // And Counters' log holds the counters' events, which replay to the counts 3, 2 and 1
    expect(
      counters!.events.map((row) => `${row.notificationId} ${row.aggregateClass} ${row.version} ${row.name}`),
    ).toEqual([
      '1 Counter 1 Created',
      '2 Counter 2 Incremented',
      '3 Counter 3 Incremented',
      '4 Counter 4 Incremented',
      '5 Counter 1 Created',
      '6 Counter 2 Incremented',
      '7 Counter 3 Incremented',
      '8 Counter 1 Created',
      '9 Counter 2 Incremented',
    ])
    const counts = data.aggregates
      .filter((aggregate) => aggregate.aggregateClass === 'Counter')
      .map((aggregate) => [aggregate.states.at(-1)!.state['name'], aggregate.states.at(-1)!.state['count']])
    expect(counts).toEqual([
      ['roll over', 3],
      ['fetch ball', 2],
      ['play dead', 1],
    ])
    expect(JSON.parse(JSON.stringify(data))).toEqual(data)
  })

  it('gives the position of a follower behind its leader, which its leaders log reaches past', async () => {
    // Given Counters following DogSchool by hand: it processes the first two notifications, then two more are stored
    const run = observe()
    const school = new DogSchool()
    const counters = new Counters()
    counters.follow(school)
    const fido = await school.registerDog('Fido')
    await school.addTrick(fido, 'sit')
    await counters.pullAndProcess('DogSchool')
    await school.addTrick(fido, 'stay')
    await school.registerDog('Rex')
    const data = (await run.collect())!
    // Then Counters is at notification 2 of DogSchool's 4
    expect(data.applications.map((a) => [a.name, a.total])).toEqual([
      ['DogSchool', 4],
      ['Counters', 2],
    ])
    expect(data.applications[1]!.follows).toEqual([{ name: 'DogSchool', application: 0, position: 2 }])
  })

  it("counts the leader's notifications its policy takes no interest in as passed, while the follower is open", async () => {
    // Given Counters, which handles TrickAdded only, processing DogSchool when its last notification is a Registered
    const run = observe()
    const school = new DogSchool()
    const counters = new Counters()
    counters.follow(school)
    await school.registerDog('Fido', ['sit'])
    await school.registerDog('Rex')
    await counters.pullAndProcess('DogSchool')
    const data = (await run.collect())!
    // Then its position is its position() (3), past its last tracking record (2)
    expect(await counters.recorder.maxTrackingId('DogSchool')).toBe(2)
    expect(data.applications[1]!.follows).toEqual([{ name: 'DogSchool', application: 0, position: 3 }])
  })

  it('takes the leader of that name nearest to the follower, and says when its position cannot be read', async () => {
    class Stuck extends Counters {
      override async position(): Promise<number> {
        throw new Error('no tracking today')
      }
    }
    // Given a first DogSchool, then a system's DogSchool and Counters, then a Stuck follower and a lone Counters
    const run = observe()
    new DogSchool()
    const runner = new SingleThreadedRunner(new System({ pipes: [[DogSchool, Counters]] }))
    await runner.start()
    await runner.get(DogSchool).registerDog('Fido', ['sit'])
    const stuck = new Stuck({ name: 'Stuck' })
    stuck.follow(runner.get(DogSchool))
    new Counters({ name: 'Lone' })
    const data = (await run.collect())!
    // Then Counters' leader is the runner's DogSchool (index 1, not 0), Stuck's says why it has no position,
    // and the lone Counters, which follows nothing, lists no leader
    expect(data.applications.map((a) => a.name)).toEqual(['DogSchool', 'DogSchool', 'Counters', 'Stuck', 'Lone'])
    expect(data.applications.map((a) => a.follows)).toEqual([
      undefined,
      undefined,
      [{ name: 'DogSchool', application: 1, position: 2 }],
      [{ name: 'DogSchool', application: 1, position: 0, error: 'Error: no tracking today' }],
      undefined,
    ])
    await runner.stop()
  })

  it('lists the first leaders of a follower, up to the limit of applications', async () => {
    const run = observe({ unsavedFromPart: 0, limits: { applications: 2 } })
    const counters = new Counters()
    for (const name of ['A', 'B', 'C']) counters.follow(new DogSchool({ name }))
    const data = (await run.collect())!
    expect(data.applications.map((a) => a.name)).toEqual(['Counters', 'A'])
    expect(data.applications[0]!.follows).toEqual([
      { name: 'A', application: 1, position: 0 },
      { name: 'B', position: 0 },
    ])
  })
})

/** A view of the dog school's counts, in memory: a public Map of counts, a public total and a private field. */
class DogCountsView extends InMemoryTrackingRecorder {
  counts = new Map<string, number>()
  changes = 0
  #secret = 'not shown'
  count(kind: string, tracking: Tracking) {
    this.record(tracking, () => {
      this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1)
      this.changes++
    })
  }
  get secret() {
    return this.#secret
  }
}

class DogCountsProjection extends Projection<DogCountsView> {
  @handles(Dog.Registered)
  async registered(_event: unknown, tracking: Tracking) {
    this.view.count('dogs', tracking)
  }
  @handles(Dog.TrickAdded)
  async trickAdded(_event: unknown, tracking: Tracking) {
    this.view.count('tricks', tracking)
  }
}

describe('observeRun, given views', () => {
  it("gives each view's rows, its own public properties, and its position in each application's log", async () => {
    // Given a projection runner keeping a view of DogSchool, and another application beside it
    const run = observe()
    const runner = new ProjectionRunner({
      application: DogSchool,
      projection: DogCountsProjection,
      view: DogCountsView,
    })
    await runner.start()
    const school = runner.application
    await school.registerDog('Fido', ['sit'])
    await school.registerDog('Rex', ['roll over'])
    new Application({ name: 'Other' })
    await runner.wait(4)
    const data = (await run.collect())!
    await runner.stop()
    // Then the view has processed DogSchool's 4 notifications and none of Other's, and its rows are its fields
    expect(data.viewsTotal).toBe(1)
    expect(data.views).toEqual([
      {
        name: 'DogCountsView',
        positions: [
          { name: 'DogSchool', application: 0, position: 4 },
          { name: 'Other', application: 1, position: 0 },
        ],
        rows: { counts: { dogs: 2, tricks: 2 }, changes: 4 },
      },
    ])
  })

  it("leaves out the properties the base class sets, such as a SQLite view's datastore", async () => {
    // Given a SQLite view with a table name of its own (its constructor does not touch the datastore)
    class SqliteCounts extends SqliteTrackingRecorder {
      readonly counts = this.tableName('counts')
    }
    const run = observe()
    new SqliteCounts({} as SqliteDatastore)
    const data = (await run.collect())!
    // Then the run, which made no application, is reported for its view, whose rows hold its own property only
    expect(data.applications).toEqual([])
    expect(data.views).toEqual([{ name: 'SqliteCounts', positions: [], rows: { counts: 'view_counts' } }])
  })

  it("says why a view's positions could not be read, and still gives its rows", async () => {
    class Broken extends DogCountsView {
      override async maxTrackingId(): Promise<number> {
        throw new Error('no tracking today')
      }
    }
    const run = observe()
    new DogSchool()
    new Broken()
    const data = (await run.collect())!
    expect(data.views).toEqual([
      { name: 'Broken', positions: [], rows: { counts: {}, changes: 0 }, error: 'Error: no tracking today' },
    ])
  })

  it('lists the first views, up to the limit, and counts them all', async () => {
    const run = observe({ unsavedFromPart: 0, limits: { views: 2 } })
    for (let i = 0; i < 3; i++) new DogCountsView()
    const data = (await run.collect())!
    expect([data.views.length, data.viewsTotal]).toEqual([2, 3])
  })
})
