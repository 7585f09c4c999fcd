/// <reference types="node" />
/**
 * The runner's side of one worker thread: starts it, tells it to read, asks it for its positions, stops
 * it, and turns what goes wrong in it (a policy error, an uncaught error, an unexpected exit) into a
 * {@link ProcessingError} for the runner's `errors`.
 */
import { Worker } from 'node:worker_threads'
import { ProcessingError, isProcessingError } from '../system/index.js'
import { fromErrorData, type FromWorker, type ToWorker, type WorkerData } from './protocol.js'

/** What a {@link FollowerWorker} tells the runner. */
export interface FollowerWorkerEvents {
  /** The follower stopped processing with this error. */
  onError(error: ProcessingError): void
  /** The follower stored events. */
  onRecorded(): void
}

/** One worker thread hosting one follower. */
export class FollowerWorker {
  /** The follower's name. */
  readonly name: string
  /** Resolves when the follower is running in the worker; rejects with the error it could not start with. */
  readonly ready: Promise<void>
  readonly #worker: Worker
  readonly #events: FollowerWorkerEvents
  readonly #exited: Promise<number>
  readonly #requests = new Map<number, { resolve(value: Record<string, number>): void; reject(e: Error): void }>()
  #nextRequest = 1
  #isReady = false
  #hasExited = false
  #failed = false
  #stopping: Promise<void> | undefined

  constructor(workerUrl: URL, data: WorkerData, events: FollowerWorkerEvents) {
    this.name = data.applicationName
    this.#events = events
    this.#worker = new Worker(workerUrl, { workerData: data, name: `eventsourcing ${data.applicationName}` })
    let resolveReady!: () => void
    let rejectReady!: (error: Error) => void
    this.ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve
      rejectReady = reject
    })
    // start() awaits it; a rejection seen only by stop() must not count as unhandled.
    this.ready.catch(() => {})
    this.#worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          this.#isReady = true
          resolveReady()
          break
        case 'failed':
          this.#failed = true
          rejectReady(fromErrorData(message.error))
          break
        case 'error':
          this.#fail(fromErrorData(message.error))
          break
        case 'recorded':
          this.#events.onRecorded()
          break
        case 'positions': {
          const request = this.#requests.get(message.requestId)
          this.#requests.delete(message.requestId)
          if (message.error !== undefined) request?.reject(fromErrorData(message.error))
          else request?.resolve({ ...message.positions })
          break
        }
      }
    })
    this.#worker.on('error', (error) => {
      if (!this.#isReady) {
        this.#failed = true
        rejectReady(error)
      } else this.#fail(error)
    })
    this.#exited = new Promise<number>((resolve) => {
      this.#worker.on('exit', (code) => {
        this.#hasExited = true
        const gone = new Error(`The worker of ${this.name} exited (code ${code}) before it answered.`)
        for (const request of this.#requests.values()) request.reject(gone)
        this.#requests.clear()
        if (!this.#isReady) {
          this.#failed = true
          rejectReady(new Error(`The worker of ${this.name} exited (code ${code}) before it was ready.`))
        } else if (this.#stopping === undefined) {
          this.#fail(new Error(`its worker thread exited unexpectedly with code ${code}`))
        }
        resolve(code)
      })
    })
  }

  /** Tells the follower to read the named leader's log. */
  prompt(leaderName: string): void {
    this.#send({ type: 'prompt', leaderName })
  }

  /**
   * Returns the follower's position in each of its leaders' logs.
   *
   * @throws an Error if the worker has exited, or the error the follower's store failed with.
   */
  positions(): Promise<Record<string, number>> {
    if (this.#hasExited) {
      return Promise.reject(new Error(`The worker of ${this.name} has exited, so it has no positions to give.`))
    }
    const requestId = this.#nextRequest++
    return new Promise((resolve, reject) => {
      this.#requests.set(requestId, { resolve, reject })
      this.#send({ type: 'positions', requestId })
    })
  }

  /**
   * Stops the worker: it finishes the notification in hand and closes its applications. After `timeoutMs`
   * it is terminated, and that is reported as an error (what it had in hand was not recorded, so it is
   * processed when the system next starts). Calling it again does nothing.
   */
  stop(timeoutMs: number): Promise<void> {
    this.#stopping ??= (async () => {
      await this.ready.catch(() => {})
      if (this.#hasExited) return
      this.#send({ type: 'stop' })
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)))
      const outcome = await Promise.race([this.#exited, timedOut])
      clearTimeout(timer)
      if (outcome === true) {
        await this.#worker.terminate()
        if (!this.#failed) {
          this.#fail(
            new Error(
              `its worker thread did not stop within ${timeoutMs} ms and was terminated; whatever it was ` +
                `processing was not recorded, and is processed when the system next starts. Give the runner a ` +
                `longer stopTimeoutMs if its policies take that long`,
            ),
          )
        }
      }
    })()
    return this.#stopping
  }

  #send(message: ToWorker): void {
    if (!this.#hasExited) this.#worker.postMessage(message)
  }

  #fail(error: Error): void {
    this.#failed = true
    this.#events.onError(
      isProcessingError(error) && error instanceof ProcessingError
        ? error
        : new ProcessingError(
            `${this.name} stopped processing: ${error.message.replace(/\.$/, '')}.`,
            { applicationName: this.name, leaderName: '', notificationId: 0 },
            { cause: error },
          ),
    )
  }
}
