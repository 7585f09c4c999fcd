/**
 * The worker side of the multi-process runner: one follower of a system, hosted in its own thread. It
 * imports the system's module itself (classes cannot cross threads), constructs its follower and, for each
 * leader, a reader application on the leader's own settings, so that it reads the leader's store directly.
 * It processes whenever a leader's store says there is something new (see `LogWatch` in `eventsourcing/application`) or the runner
 * relays a write it saw, one leader at a time; each notification is recorded with its tracking record in one
 * write, so a crash at any point loses nothing and repeats nothing.
 */
import { LogWatch, type Application } from '../application/index.js'
import { ProgrammingError } from '../persistence/index.js'
import { isProcessingError, ProcessApplication, ProcessingError, System } from '../system/index.js'
import { checkDurable } from './durability.js'
import { toErrorData, type FromWorker, type ToWorker, type WorkerData } from './protocol.js'

/** Hosts one follower of a system in a worker. */
export class FollowerHost {
  readonly #data: WorkerData
  readonly #post: (message: FromWorker) => void
  readonly #abort = new AbortController()
  readonly #prompted = new Set<string>()
  readonly #watches: LogWatch[] = []
  readonly #applications: Application[] = []
  #follower: ProcessApplication | undefined
  #running: Promise<void> | undefined
  #error: ProcessingError | undefined
  #stopping: Promise<void> | undefined

  constructor(data: WorkerData, post: (message: FromWorker) => void) {
    this.#data = data
    this.#post = post
  }

  /**
   * Loads the system, constructs the follower and its leaders' readers, starts watching the leaders and
   * prompts the follower to catch up with what they stored before.
   *
   * @throws {@link ProgrammingError} if the module does not export the runner's system, or a store is in
   *   memory; the errors of constructing the applications and opening their stores.
   */
  async start(): Promise<void> {
    const { applicationName: name, env } = this.#data
    const system = await loadSystem(this.#data)
    const follower = new (system.applicationClass(name))({ env, name })
    this.#applications.push(follower)
    if (!(follower instanceof ProcessApplication)) {
      throw new ProgrammingError(`${name} follows other applications, so it must extend ProcessApplication.`)
    }
    const leaders = system.follows(name).map((leaderName) => {
      const reader = new (system.applicationClass(leaderName))({ env, name: leaderName })
      this.#applications.push(reader)
      follower.follow(reader)
      return reader
    })
    await Promise.all(this.#applications.map((application) => application.ready()))
    for (const application of this.#applications) checkDurable(application)
    follower.onRecorded((recordings) => {
      if (recordings.length > 0) this.#post({ type: 'recorded' })
    })
    for (const leader of leaders) {
      if (this.#abort.signal.aborted) return
      const watch = new LogWatch(leader, () => this.prompt(leader.name), this.#data)
      this.#watches.push(watch)
      // Listening starts before the first read, so that no write falls between the two.
      await watch.start()
    }
    // Prompts that came before now are covered by this first read of every leader.
    this.#follower = follower
    for (const leader of leaders) this.prompt(leader.name)
  }

  /** Handles a message from the runner (all but 'stop', which the worker's entry handles). */
  handle(message: ToWorker): void {
    if (message.type === 'prompt') this.prompt(message.leaderName)
    else if (message.type === 'positions') void this.#answerPositions(message.requestId)
  }

  /** Has the follower read the named leader's log, now or when the read in hand ends. */
  prompt(leaderName: string): void {
    if (this.#follower === undefined || this.#error !== undefined || this.#abort.signal.aborted) return
    this.#prompted.add(leaderName)
    this.#running ??= this.#run(this.#follower)
  }

  /**
   * Stops watching, lets the notification in hand finish (its write commits or not: either way it is
   * processed once), and closes the applications. Calling it again does nothing.
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#abort.abort()
      await Promise.all(this.#watches.map((watch) => watch.close()))
      await this.#running
      await Promise.all(this.#applications.map((application) => application.close().catch(() => {})))
    })()
    return this.#stopping
  }

  async #run(follower: ProcessApplication): Promise<void> {
    try {
      while (this.#prompted.size > 0 && !this.#abort.signal.aborted) {
        const [leaderName] = this.#prompted
        this.#prompted.delete(leaderName!)
        await follower.pullAndProcess(leaderName!, { signal: this.#abort.signal })
      }
    } catch (error) {
      this.#error = isProcessingError(error)
        ? error
        : new ProcessingError(
            `${follower.name} stopped processing: ${(error as Error)?.message ?? String(error)}`,
            { applicationName: follower.name, leaderName: '', notificationId: 0 },
            { cause: error },
          )
      // The follower stops: no more reading, until the system is started again.
      for (const watch of this.#watches) void watch.close()
      this.#post({ type: 'error', error: toErrorData(this.#error) })
    } finally {
      this.#running = undefined
    }
  }

  async #answerPositions(requestId: number): Promise<void> {
    const follower = this.#follower
    try {
      if (follower === undefined) throw new ProgrammingError('The worker has not started its follower yet.')
      const names = follower.leaderNames
      const values = await Promise.all(names.map((leaderName) => follower.position(leaderName)))
      this.#post({ type: 'positions', requestId, positions: Object.fromEntries(names.map((n, i) => [n, values[i]!])) })
    } catch (error) {
      this.#post({ type: 'positions', requestId, error: toErrorData(error) })
    }
  }
}

/**
 * Imports the system's module and returns the system its export names (calling the export if it is a
 * function), checked against the runner's.
 *
 * @throws {@link ProgrammingError} if the module cannot be imported, has no such export, the export is not a
 *   System (or a function returning one) of this copy of the library, or its applications differ.
 */
async function loadSystem(data: WorkerData): Promise<System> {
  const { systemModule, systemExport, applicationName } = data
  let module: Record<string, unknown>
  try {
    module = (await import(/* @vite-ignore */ systemModule)) as Record<string, unknown>
  } catch (cause) {
    throw new ProgrammingError(
      `The worker of ${applicationName} could not import the system module ${systemModule}: ` +
        `${(cause as Error)?.message ?? String(cause)}. Give the runner a systemModule that Node can import ` +
        `(compiled JavaScript, such as new URL('./system.js', import.meta.url)).`,
      { cause },
    )
  }
  if (!(systemExport in module)) {
    throw new ProgrammingError(
      `The system module ${systemModule} has no export named '${systemExport}'; its exports are ` +
        `${Object.keys(module).join(', ') || 'none'}. Export the System (or a function that returns it) under ` +
        `that name, or give the runner the name as its systemExport option.`,
    )
  }
  const exported = module[systemExport]
  const system = exported instanceof System || typeof exported !== 'function' ? exported : await exported()
  if (!(system instanceof System)) {
    throw new ProgrammingError(
      `The export '${systemExport}' of ${systemModule} is not a System (nor a function that returns one) of the ` +
        `copy of eventsourcing that the worker runs. Export the System, and make sure the module and the ` +
        `runner import one installed copy of eventsourcing.`,
    )
  }
  const expected = JSON.stringify({ nodes: data.nodes, edges: data.edges })
  const found = JSON.stringify({ nodes: system.nodes, edges: system.edges })
  if (found !== expected) {
    throw new ProgrammingError(
      `The system that ${systemModule} exports as '${systemExport}' is ${found}, but the runner was given ` +
        `${expected}. Give the runner the system that the module exports.`,
    )
  }
  return system
}
