/**
 * The event explorer's data for real blocks of the site, for a system run as Part 4 runs it, and for a view kept by
 * a projection runner (`fixtures/projection.mdx`), run as the page runs them (compiled chain, runtime modules, fresh
 * worker): what the Events and Aggregates tabs get. The browser test checks the tabs themselves.
 */
import { describe, expect, it } from 'vitest'
import { chainParts, readPage } from './support/pages'
import { runInNode } from './support/node-runner'

/** Runs the first live block of a page whose code contains every one of `texts`. */
async function runBlock(file: string, ...texts: string[]) {
  const page = readPage(file)
  const block = page.blocks.find((b) => texts.every((text) => b.code.includes(text)))
  if (!block) throw new Error(`${file} has no live block containing ${texts.join(' and ')}.`)
  const { parts, labels } = chainParts(page, block)
  const run = await runInNode(parts, { labels })
  expect(run.outcome).toBe('done')
  return run.explorerData!
}

describe('the event explorer of a run', () => {
  it("shows the Part 1 application block's notification log, and replays Fido version by version", async () => {
    const data = await runBlock('docs/content/docs/tutorial/part-1.mdx', "registerDog('Fido')", "'fetch ball'")
    const log = data.applications.find((application) => application.name === 'DogSchool')!
    expect(log.events.map((row) => [row.notificationId, row.aggregateClass, row.version, row.name])).toEqual([
      [1, 'Dog', 1, 'Registered'],
      [2, 'Dog', 2, 'TrickAdded'],
      [3, 'Dog', 3, 'TrickAdded'],
    ])
    const fido = data.aggregates.find((aggregate) => aggregate.states[0]?.state['name'] === 'Fido')!
    expect(fido.states.map((state) => state.state['tricks'])).toEqual([[], ['roll over'], ['roll over', 'fetch ball']])
    expect(data.unsaved).toEqual([])
  })

  it('reports what a program stored before an uncaught error ended it', async () => {
    const code = [
      "import { Aggregate, event } from 'eventsourcing/domain'",
      "import { Application } from 'eventsourcing/application'",
      "@event('Opened') class Account extends Aggregate {}",
      'class Bank extends Application {}',
      'await new Bank().save(new Account())',
      "throw new Error('after saving')",
    ].join('\n')
    const run = await runInNode([{ code }], { labels: [{ label: 'this block', lineOffset: 0 }] })
    expect(run.outcome).toBe('failed')
    expect(run.errors[0]!.message).toBe('after saving')
    expect(run.explorerData!.applications[0]!.events.map((row) => [row.aggregateClass, row.name])).toEqual([
      ['Account', 'Opened'],
    ])
    expect(run.events.findIndex((e) => e.type === 'explorer-data')).toBeLessThan(
      run.events.findIndex((e) => e.type === 'done'),
    )
  })

  it('collects what a program waiting on a timer stored, when the time limit stops it', async () => {
    // Given a program that stores an event, then waits on a timer that never lets it end
    const code = [
      "import { Aggregate, event } from 'eventsourcing/domain'",
      "import { Application } from 'eventsourcing/application'",
      "@event('Opened') class Account extends Aggregate {}",
      'await new Application().save(new Account())',
      'setInterval(() => {}, 100)',
    ].join('\n')
    // when the time limit stops it
    const run = await runInNode([{ code }], { labels: [{ label: 'this block', lineOffset: 0 }], timeLimitMs: 1_000 })
    // then the host asked it for the explorer's data in the grace period, and got it
    expect(run.outcome).toBe('timeout')
    expect(run.events.map((e) => e.type)).toEqual(['timeout', 'explorer-data'])
    expect(run.explorerData!.applications[0]!.events.map((row) => row.name)).toEqual(['Opened'])
  })

  it("lists the guide's forgotten save as not saved, and not the unsaved dog of the block above", async () => {
    const data = await runBlock('docs/content/docs/guides/playground.mdx', 'No save:')
    expect(data.applications[0]!.events.map((row) => row.name)).toEqual(['Registered'])
    expect(data.unsaved).toHaveLength(1)
    expect(data.unsaved[0]!.events.map((row) => [row.version, row.name, row.fields])).toEqual([
      [2, 'TrickAdded', { trick: 'roll over' }],
    ])
    expect(data.aggregates[0]!.states.map((state) => [state.state['tricks'], state.saved])).toEqual([
      [[], true],
      [['roll over'], false],
    ])
  })

  it("shows the guide's system: both logs, and how far Counters has processed DogSchool's, after the runner stopped", async () => {
    const data = await runBlock('docs/content/docs/guides/playground.mdx', 'SingleThreadedRunner')
    expect(data.applications.map((application) => [application.name, application.total, application.error])).toEqual([
      ['DogSchool', 5, undefined],
      ['Counters', 5, undefined],
    ])
    const [school, counters] = data.applications
    expect(school!.events.map((row) => `${row.notificationId} ${row.aggregateClass} ${row.name}`)).toEqual([
      '1 Dog Registered',
      '2 Dog TrickAdded',
      '3 Dog TrickAdded',
      '4 Dog Registered',
      '5 Dog TrickAdded',
    ])
    expect(school).not.toHaveProperty('follows')
    expect(counters!.follows).toEqual([{ name: 'DogSchool', application: 0, position: 5 }])
    expect(
      counters!.events.map((row) => `${row.notificationId} ${row.aggregateClass} ${row.version} ${row.name}`),
    ).toEqual([
      '1 Counter 1 Created',
      '2 Counter 2 Incremented',
      '3 Counter 1 Created',
      '4 Counter 2 Incremented',
      '5 Counter 3 Incremented',
    ])
    // The counters replay from Counters' stores, although the runner closed it
    const counts = data.aggregates
      .filter((aggregate) => aggregate.application === 1)
      .map((aggregate) => aggregate.states.map((state) => state.state['count']))
    expect(counts).toEqual([
      [0, 1, 2],
      [0, 1],
    ])
  })

  it("gives each follower's position in a Part 4 system run by the concurrent runner, one follower behind", async () => {
    // Part 4's scenario (9 notifications) run by the concurrent runner, then a follower that stops after 4
    const code = `
      import { Aggregate, AggregateNotFoundError, event, NAMESPACE_URL, uuid5, type EventClass } from 'eventsourcing'
      import { Application } from 'eventsourcing/application'
      import { ConcurrentRunner, policy, ProcessApplication, System, type ProcessingEvent } from 'eventsourcing/system'

      @event('Registered')
      class Dog extends Aggregate {
        declare static TrickAdded: EventClass<{ trick: string }>
        tricks: string[] = []
        constructor({ name }: { name: string }) {
          super()
        }
        @event('TrickAdded')
        addTrick({ trick }: { trick: string }) {
          this.tricks.push(trick)
        }
      }
      class DogSchool extends Application {
        async registerDog(name: string) {
          const dog = new Dog({ name })
          await this.save(dog)
          return dog.id
        }
        async addTrick(id: string, trick: string) {
          const dog = await this.repository.get(id, Dog)
          dog.addTrick({ trick })
          await this.save(dog)
        }
      }
      class Counter extends Aggregate {
        count = 0
        constructor(public name: string) {
          super()
        }
        static override createId({ name }: { name: string }) {
          return uuid5(NAMESPACE_URL, '/counters/' + name)
        }
        @event('Incremented')
        increment() {
          this.count += 1
        }
      }
      class Counters extends ProcessApplication {
        @policy(Dog.TrickAdded)
        async countTrick(trickAdded: InstanceType<typeof Dog.TrickAdded>, processing: ProcessingEvent) {
          const id = Counter.createId({ name: trickAdded.trick })
          const counter = await this.repository.get(id, Counter).catch((error) => {
            if (error instanceof AggregateNotFoundError) return new Counter(trickAdded.trick)
            throw error
          })
          counter.increment()
          processing.collectEvents(counter)
        }
      }

      const runner = new ConcurrentRunner(new System({ pipes: [[DogSchool, Counters]] }))
      await runner.start()
      const school = runner.get(DogSchool)
      const [billy, milly, scrappy] = [await school.registerDog('Billy'), await school.registerDog('Milly'), await school.registerDog('Scrappy')]
      for (const dog of [billy, milly, scrappy]) await school.addTrick(dog, 'roll over')
      await school.addTrick(billy, 'fetch ball')
      await school.addTrick(milly, 'fetch ball')
      await school.addTrick(billy, 'play dead')
      await runner.waitForFollowers()

      // A second follower, outside the system, stopped after processing 4 notifications
      const stop = new AbortController()
      class Audit extends ProcessApplication {
        seen = 0
        override policy() {
          if (++this.seen === 4) stop.abort()
        }
      }
      const audit = new Audit()
      audit.follow(school)
      await audit.pullAndProcess('DogSchool', { signal: stop.signal })
    `
    const run = await runInNode([{ code }], { labels: [{ label: 'this block', lineOffset: 0 }] })
    expect(run.errors).toEqual([])
    const data = run.explorerData!
    expect(data.applications.map((application) => [application.name, application.total, application.follows])).toEqual([
      ['DogSchool', 9, undefined],
      ['Counters', 9, [{ name: 'DogSchool', application: 0, position: 9 }]],
      ['Audit', 0, [{ name: 'DogSchool', application: 0, position: 4 }]],
    ])
  })

  it("shows the fixture's view: its counts as rows, and its position in DogSchool's log", async () => {
    // Given a block that keeps an in-memory view of a dog school with a projection runner
    const data = await runBlock('tutorial-tests/fixtures/projection.mdx', 'ProjectionRunner')
    // Then the view has processed the school's 4 notifications, and its public Map of counts is its rows
    expect(data.applications.map((application) => [application.name, application.total])).toEqual([['DogSchool', 4]])
    expect(data.viewsTotal).toBe(1)
    expect(data.views).toEqual([
      {
        name: 'DogCountsView',
        positions: [{ name: 'DogSchool', application: 0, position: 4 }],
        rows: { counts: { dogs: 2, tricks: 2 } },
      },
    ])
  })

  it('gives no views for a run without projections, and observes it without loading eventsourcing/projection', async () => {
    // Given a program that imports no projection, run where eventsourcing/projection fails as soon as it is loaded
    const code = [
      "import { Aggregate, event } from 'eventsourcing/domain'",
      "import { Application } from 'eventsourcing/application'",
      "@event('Opened') class Account extends Aggregate {}",
      'await new Application().save(new Account())',
    ].join('\n')
    const failing = `data:text/javascript,${encodeURIComponent("throw new Error('eventsourcing/projection was loaded')")}`
    const run = await runInNode([{ code }], {
      labels: [{ label: 'this block', lineOffset: 0 }],
      replaceModules: { 'eventsourcing/projection': failing },
    })
    // Then the run and its observer (which takes observeViews from eventsourcing/persistence) never needed it:
    // the explorer's data came, with the application's log and no views
    expect(run.outcome).toBe('done')
    expect(run.explorerData!.applications[0]!.events.map((row) => row.name)).toEqual(['Opened'])
    expect([run.explorerData!.views, run.explorerData!.viewsTotal]).toEqual([[], 0])
  })
})
