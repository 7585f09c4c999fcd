/**
 * The concurrent runner (the Python library's `MultiThreadedRunner`, in one JavaScript process): each
 * follower processes on its own, as soon as it is prompted, while the leader goes on. Reads of a follower are
 * eventually consistent; `waitForFollowers()` waits until they have caught up.
 */
import type { ProcessingEvent } from '../application/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { isProcessingError, ProcessingError } from './errors.js'
import type { ProcessApplication } from './process-application.js'
import { Runner } from './runner.js'

/** Options for {@link ConcurrentRunner.waitForFollowers}. */
export interface WaitOptions {
  /** Give up after this many milliseconds. @default 10000 */
  timeoutMs?: number
}

/** One follower's processing: which leaders prompted it, and the loop that processes them. */
class FollowerLoop {
  readonly #prompted = new Set<string>()
  #running: Promise<void> | undefined
  error: ProcessingError | undefined

  constructor(
    readonly application: ProcessApplication,
    readonly signal: AbortSignal,
    readonly onError: (error: ProcessingError) => void,
  ) {}

  prompt(leaderName: string): void {
    if (this.error !== undefined || this.signal.aborted) return
    this.#prompted.add(leaderName)
    this.#running ??= this.#run()
  }

  /** Resolves when the loop is idle. */
  idle(): Promise<void> {
    return this.#running ?? Promise.resolve()
  }

  async #run(): Promise<void> {
    // Let the leader's write finish first: the follower works alongside, not inside it.
    await Promise.resolve()
    try {
      while (this.#prompted.size > 0 && !this.signal.aborted) {
        const [leaderName] = this.#prompted
        this.#prompted.delete(leaderName!)
        await this.application.pullAndProcess(leaderName!, { signal: this.signal })
      }
    } catch (error) {
      this.error = isProcessingError(error)
        ? error
        : new ProcessingError(
            `${this.application.name} stopped processing: ${(error as Error)?.message ?? String(error)}`,
            { applicationName: this.application.name, leaderName: '', notificationId: 0 },
            { cause: error },
          )
      this.onError(this.error)
    } finally {
      this.#running = undefined
    }
  }
}

/**
 * Runs a system with each follower processing concurrently with its leaders: a leader's `save()` resolves as
 * soon as its own events are stored. A follower whose policy throws stops; the error is kept in `errors`,
 * rejects `waitForFollowers()`, and is thrown by `stop()` if no wait has reported it.
 *
 * @example
 * ```ts
 * const runner = new ConcurrentRunner(new System({ pipes: [[DogSchool, Counters]] }))
 * await runner.start()
 * await runner.get(DogSchool).registerDog('Fido')
 * await runner.waitForFollowers()
 * ```
 */
export class ConcurrentRunner extends Runner {
  readonly #loops = new Map<string, FollowerLoop>()
  readonly #abort = new AbortController()

  /**
   * Resolves once every follower has processed everything its leaders had stored when it was called.
   *
   * @throws {@link ProcessingError} if a follower has stopped with an error (at once, or while waiting).
   * @throws {@link ProgrammingError} if the followers have not caught up within the time limit, or the runner
   *   is not running.
   */
  async waitForFollowers(options: WaitOptions = {}): Promise<void> {
    if (!this.isRunning) throw new ProgrammingError('The runner is not running: await runner.start() first.')
    await this.waitForPositions(async () => {
      const positions: Record<string, Record<string, number>> = {}
      for (const [leaderName, followerName] of this.system.edges) {
        const follower = this.application(followerName) as ProcessApplication
        ;(positions[followerName] ??= {})[leaderName] = await follower.position(leaderName)
      }
      return positions
    }, options)
  }

  protected override prompted(leaderName: string, _processing: ProcessingEvent): undefined {
    for (const follower of this.followersOf(leaderName)) this.#loopOf(follower).prompt(leaderName)
    return undefined
  }

  protected override async catchUp(): Promise<void> {
    for (const leaderName of this.system.leaders) {
      for (const follower of this.followersOf(leaderName)) this.#loopOf(follower).prompt(leaderName)
    }
  }

  protected override async halt(): Promise<void> {
    this.#abort.abort()
    await Promise.all([...this.#loops.values()].map((loop) => loop.idle()))
  }

  #loopOf(follower: ProcessApplication): FollowerLoop {
    let loop = this.#loops.get(follower.name)
    if (loop === undefined) {
      loop = new FollowerLoop(follower, this.#abort.signal, (error) => this.failed(error))
      this.#loops.set(follower.name, loop)
    }
    return loop
  }
}
