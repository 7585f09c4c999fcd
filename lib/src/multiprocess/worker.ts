/// <reference types="node" />
/**
 * The entry of the multi-process runner's worker threads (the runner starts this file; nothing imports
 * it). It hosts one follower (see `follower-host.ts`), answers the runner's messages, and exits once
 * stopped, or once it could not start.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { FollowerHost } from './follower-host.js'
import { isWorkerData, toErrorData, type FromWorker, type ToWorker } from './protocol.js'

if (!isMainThread && parentPort !== null && isWorkerData(workerData)) {
  const port = parentPort
  const host = new FollowerHost(workerData, (message: FromWorker) => port.postMessage(message))
  // Closing the port lets the thread end once the stopped applications have let go of their connections.
  const stop = () => void host.stop().finally(() => port.close())
  port.on('message', (message: ToWorker) => (message.type === 'stop' ? stop() : host.handle(message)))
  try {
    await host.start()
    port.postMessage({ type: 'ready' } satisfies FromWorker)
  } catch (error) {
    port.postMessage({ type: 'failed', error: toErrorData(error) } satisfies FromWorker)
    stop()
  }
}
