/**
 * The single-threaded runner: a leader's write resolves only once every follower downstream has processed
 * it, as with the Python library's `SingleThreadedRunner`, so code that saves and then reads a follower needs
 * no waiting. Prompts raised while processing are queued and handled by the same loop, so a chain (or a
 * cycle) of applications never recurses or deadlocks.
 */
import type { ProcessingEvent } from '../application/index.js'
import { isProcessingError, ProcessingError } from './errors.js'
import { Runner } from './runner.js'

/**
 * Runs a system in one sequence of steps: each leader's `save()` resolves after its followers (and theirs)
 * have processed the new events. If a policy throws, the `save()` that prompted it rejects with a
 * {@link ProcessingError} whose message says that the leader's events were stored (so do not retry the command);
 * the follower resumes at the same notification when next prompted.
 *
 * @example
 * ```ts
 * const runner = new SingleThreadedRunner(new System({ pipes: [[DogSchool, Counters]] }))
 * await runner.start()
 * await runner.get(DogSchool).registerDog('Fido')
 * ```
 */
export class SingleThreadedRunner extends Runner {
  readonly #prompted = new Set<string>()
  #draining: Promise<void> | undefined
  /** The follower the loop is processing right now. */
  #processing: string | undefined

  protected override prompted(leaderName: string, processing: ProcessingEvent): Promise<void> | undefined {
    this.#prompted.add(leaderName)
    // A write made while processing belongs to the loop that is running, which picks the prompt up: waiting for
    // the loop would wait for itself (also when a policy calls save() instead of collecting its events).
    if (this.#draining !== undefined && (processing.tracking !== undefined || leaderName === this.#processing)) {
      return undefined
    }
    return this.#drain()
  }

  protected override catchUp(): Promise<void> {
    for (const leaderName of this.system.leaders) this.#prompted.add(leaderName)
    return this.#drain()
  }

  protected override async halt(): Promise<void> {
    await this.#draining?.catch(() => {})
  }

  #drain(): Promise<void> {
    this.#draining ??= this.#loop()
    return this.#draining
  }

  async #loop(): Promise<void> {
    const failures: ProcessingError[] = []
    try {
      while (this.#prompted.size > 0 && this.isRunning) {
        const [leaderName] = this.#prompted
        this.#prompted.delete(leaderName!)
        for (const follower of this.followersOf(leaderName!)) {
          try {
            this.#processing = follower.name
            await follower.pullAndProcess(leaderName!)
          } catch (error) {
            if (!isProcessingError(error)) throw error
            this.failed(error)
            failures.push(error)
          }
        }
      }
    } finally {
      this.#draining = undefined
      this.#processing = undefined
    }
    if (failures.length === 0) return
    this.reported(...failures)
    const [first] = failures
    throw new ProcessingError(
      `The write that prompted the followers was stored, but a follower downstream failed: ${first!.message}`,
      first!,
      { cause: first },
    )
  }
}
