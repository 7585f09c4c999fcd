/**
 * What the concurrency tests' writers do, in this process or in a child process: append to one
 * aggregate as a command handler does (read the last version, write the next, retry on conflict).
 */
import { isIntegrityError, type AggregateRecorder } from 'eventsourcing/persistence'
import { storedEvent } from './stored-events.js'

/** Appends `count` events to one aggregate, reading its last version before each write and retrying on conflict. */
export async function appendWithRetry(
  recorder: AggregateRecorder,
  aggregateId: string,
  writer: string,
  count: number,
): Promise<{ conflicts: number }> {
  let conflicts = 0
  for (let sequence = 1; sequence <= count;) {
    const [last] = await recorder.selectEvents(aggregateId, { desc: true, limit: 1 })
    try {
      await recorder.insertEvents([
        storedEvent(aggregateId, (last?.originatorVersion ?? 0) + 1, `${writer}:${sequence}`),
      ])
      sequence++
    } catch (error) {
      if (!isIntegrityError(error)) throw error
      conflicts++
    }
  }
  return { conflicts }
}
