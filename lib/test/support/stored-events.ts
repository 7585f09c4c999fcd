/** Stored events for the recorder suites: small, readable, and distinct per test. */
import { uuid4 } from 'eventsourcing/domain'
import type { StoredEvent } from 'eventsourcing/persistence'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Returns a stored event whose state is the given text (by default `<id prefix>@<version>`). */
export function storedEvent(
  originatorId: string,
  originatorVersion: number,
  text = `${originatorId.slice(0, 8)}@${originatorVersion}`,
  topic = 'test.Happened',
): StoredEvent {
  return { originatorId, originatorVersion, topic, state: encoder.encode(text) }
}

/** Returns a new aggregate id. */
export function newId(): string {
  return uuid4()
}

/** Returns a stored event's state as text. */
export function stateText(event: StoredEvent): string {
  return decoder.decode(event.state)
}
