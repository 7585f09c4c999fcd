/** The contract suites on the in-memory store, the default persistence. */
import { describe, expect, it } from 'vitest'
import { Aggregate, registry } from 'eventsourcing/domain'
import {
  JSONTranscoder,
  Mapper,
  InMemoryAggregateRecorder,
  InMemoryApplicationRecorder,
  InMemoryFactory,
  InMemoryProcessRecorder,
} from 'eventsourcing/persistence'
import { describeAggregateRecorder } from './suites/aggregate-recorder.suite.js'
import { describeApplicationRecorder } from './suites/application-recorder.suite.js'
import { describeProcessRecorder } from './suites/process-recorder.suite.js'
import { describeInfrastructureFactory } from './suites/infrastructure-factory.suite.js'
import { describeApplication } from './suites/application.suite.js'

// An in-memory recorder has no connections: "another connection" is the same recorder.
const same = <R>(recorder: R) => recorder

describeAggregateRecorder('InMemoryAggregateRecorder', {
  create: () => new InMemoryAggregateRecorder(),
  connectAgain: same,
})
describeApplicationRecorder('InMemoryApplicationRecorder', {
  create: () => new InMemoryApplicationRecorder(),
  connectAgain: same,
})
describeProcessRecorder('InMemoryProcessRecorder', { create: () => new InMemoryProcessRecorder(), connectAgain: same })
describeInfrastructureFactory('in-memory', () => ({}), {
  factoryClass: InMemoryFactory,
  durable: false,
  closes: false,
})
describeApplication('in-memory', () => ({}), { expectVisibleInDb: true })
describeApplication(
  'in-memory with cipher and compressor',
  () => ({
    CIPHER_TOPIC: 'eventsourcing/cipher:AesCipher',
    CIPHER_KEY: 'iQcVbO1Tl7m3eXo1T8JYqSgqcF0Hc6m3ZVzF7d8yq2c=',
    COMPRESSOR_TOPIC: 'eventsourcing/compressor:ZlibCompressor',
  }),
  { expectVisibleInDb: false },
)

describe('the in-memory store and the mapper', () => {
  it("copies the bytes of a mapper's stored event that a caller inserts, so the caller's later changes reach nothing", async () => {
    registry.reset()
    class Note extends Aggregate {
      text = 'hello'
    }
    const mapper = new Mapper({ transcoder: new JSONTranscoder() })
    const recorder = new InMemoryApplicationRecorder()
    const [created] = new Note().collectEvents()
    const stored = await mapper.toStoredEvent(created!)
    await recorder.insertEvents([stored])
    stored.state.fill(0)
    const [read] = await recorder.selectEvents(created!.originatorId)
    expect(new TextDecoder().decode(read!.state)).toContain('"text":"hello"')
    expect(((await mapper.toDomainEvent(read!)) as unknown as { text: string }).text).toBe('hello')
  })
})
