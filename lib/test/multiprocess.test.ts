/** The multi-process runner on SQLite files (one per application), and what it refuses. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { registry } from 'eventsourcing'
import { MultiprocessRunner, type MultiprocessRunnerOptions } from 'eventsourcing/multiprocess'
import { describeMultiprocessRunner } from './suites/multiprocess-runner.suite.js'
import { bundleMultiprocess, type MultiprocessBundle } from './support/multiprocess.js'
import { definePart4 } from './support/multiprocess-system.js'
import { tempDbPath } from './support/sqlite.js'

describeMultiprocessRunner(
  'on SQLite files, one per application',
  () => ({
    PERSISTENCE_MODULE: 'eventsourcing/sqlite',
    DOGSCHOOL_SQLITE_DBNAME: tempDbPath('dogschool'),
    COUNTERS_SQLITE_DBNAME: tempDbPath('counters'),
  }),
  'polling',
)

describe('the multi-process runner refuses', () => {
  let bundle: MultiprocessBundle
  beforeAll(async () => {
    bundle = await bundleMultiprocess()
  })
  afterAll(() => bundle?.remove())
  beforeEach(() => registry.reset())

  /** A runner of Part 4's system, defined afresh (so a test may make several). */
  const runnerFor = (env: Record<string, string>, options: Partial<MultiprocessRunnerOptions> = {}) => {
    registry.reset()
    return new MultiprocessRunner(definePart4().system, {
      env,
      systemModule: bundle.systemModule,
      systemExport: 'part4System',
      workerUrl: bundle.workerUrl,
      ...options,
    })
  }

  it('an in-memory store when started, saying that it needs a durable one', async () => {
    // Given a runner on the default, in-memory store
    const runner = runnerFor({})
    // When it starts, Then it refuses, naming the application and the settings to use
    await expect(runner.start()).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: The multi-process runner needs a durable store that its worker threads share, but DogSchool keeps its events in memory (PERSISTENCE_MODULE is unset), which no other thread can read. Set PERSISTENCE_MODULE to 'eventsourcing/sqlite' with SQLITE_DBNAME naming a file, or to 'eventsourcing/postgres'; or run the system in one thread with the ConcurrentRunner.]`,
    )
    // And stop() closes what start() opened
    await runner.stop()
  })

  it('an in-memory SQLite database, naming it', async () => {
    const runner = runnerFor({ PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: ':memory:' })
    await expect(runner.start()).rejects.toThrow(
      /DogSchool keeps its events in the in-memory SQLite database ':memory:', which no other thread can read/,
    )
    await runner.stop()
  })

  it('a system module that is not a file URL or absolute path, or does not exist', () => {
    expect(() => runnerFor({}, { systemModule: './system.js' })).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: The systemModule option must be a module's file URL or absolute path, such as new URL('./system.js', import.meta.url), so that each worker thread can import it, but was the string "./system.js".]`,
    )
    expect(() => runnerFor({}, { systemModule: '/no/such/system.js' })).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: The systemModule option names file:///no/such/system.js, but there is no such file. Point it at the built JavaScript module.]`,
    )
  })

  it('a poll interval that is not a positive number of milliseconds', () => {
    expect(() => runnerFor({}, { pollIntervalMs: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: The pollIntervalMs option is a time in milliseconds, a number above 0 such as 100, but was the number 0.]`,
    )
  })

  it('to run from the TypeScript sources without a workerUrl, saying how to give one', () => {
    expect(() => runnerFor({}, { workerUrl: undefined })).toThrow(/give the runner its URL as the workerUrl option/)
  })

  it('a system module without the named export, when started, listing the exports it has', async () => {
    const env = { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: tempDbPath('system') }
    const runner = runnerFor(env, { systemExport: 'noSuchSystem' })
    await expect(runner.start()).rejects.toThrow(
      /has no export named 'noSuchSystem'; its exports are defineFailingPart4, definePart4, failingSystem, part4System\./,
    )
    await runner.stop()
  })

  it('get() before start(), and start() after stop(); start() and stop() twice do nothing more', async () => {
    const { system, DogSchool } = definePart4()
    const env = { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: tempDbPath('system') }
    const runner = new MultiprocessRunner(system, {
      env,
      systemModule: bundle.systemModule,
      systemExport: 'part4System',
      workerUrl: bundle.workerUrl,
    })
    expect(() => runner.get(DogSchool)).toThrow(/await runner.start\(\) before runner.get\(DogSchool\)/)
    await expect(runner.waitForFollowers()).rejects.toThrow(/The runner is not running/)
    const started = runner.start()
    expect(runner.start()).toBe(started)
    await started
    expect(runner.isRunning).toBe(true)
    const stopped = runner.stop()
    expect(runner.stop()).toBe(stopped)
    await stopped
    await expect(runner.start()).rejects.toThrow(/construct a new runner/)
  })
})
