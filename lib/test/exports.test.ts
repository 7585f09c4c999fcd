/**
 * Pins the public API: the names each subpath exports. A change here is a change to the package's API.
 */
import { describe, expect, it } from 'vitest'

const domain = [
  'Aggregate',
  'CLASS_VERSION',
  'classVersionOf',
  'upcastState',
  'AggregateCreated',
  'AggregateEvent',
  'DomainEvent',
  'EventSourcingError',
  'NAMESPACE_URL',
  'OriginatorIdError',
  'OriginatorVersionError',
  'ProgrammingError',
  'RESERVED_EVENT_PROPERTIES',
  'SNAPSHOT_TOPIC',
  'Snapshot',
  'TopicError',
  'TopicRegistry',
  'canonicalUuid',
  'event',
  'eventFields',
  'isEventSourcingError',
  'isOriginatorIdError',
  'isOriginatorVersionError',
  'isProgrammingError',
  'isTopicError',
  'isUuid',
  'observeAggregates',
  'registerAggregateClass',
  'registry',
  'stableNameOf',
  'uuid4',
  'uuid5',
]
const application = [
  'AggregateNotFoundError',
  'Application',
  'Environment',
  'IS_SNAPSHOTTING_ENABLED',
  'LogWatch',
  'NotificationLog',
  'Repository',
  'eventHandlers',
  'findEventHandler',
  'handledTopics',
  'handlerDecorator',
  'readLogPage',
  'isAggregateNotFoundError',
  'observeApplications',
  'ProcessingEvent',
]
const testing = ['Outcome', 'Scenario', 'ScenarioError', 'isScenarioError', 'scenario']
const system = [
  'ConcurrentRunner',
  'ProcessApplication',
  'ProcessingError',
  'ProcessingEvent',
  'Runner',
  'SingleThreadedRunner',
  'System',
  'isProcessingError',
  'policy',
]
const multiprocess = ['MultiprocessRunner']
const projection = [
  'ApplicationSubscription',
  'InMemoryTrackingRecorder',
  'Projection',
  'ProjectionError',
  'ProjectionRunner',
  'WaitTimeoutError',
  'handles',
  'isProjectionError',
  'isWaitTimeoutError',
  'observeViews',
  'subscribe',
]
const persistence = [
  'CIPHER_KEY',
  'CIPHER_KEY_BYTES',
  'CIPHER_TOPIC',
  'COMPRESSOR_TOPIC',
  'CREATE_TABLE',
  'DEFAULT_CIPHER_TOPIC',
  'DataError',
  'DatabaseError',
  'Environment',
  'EventSourcingError',
  'EventStore',
  'InMemoryAggregateRecorder',
  'InMemoryApplicationRecorder',
  'InMemoryFactory',
  'InMemoryProcessRecorder',
  'InMemoryTrackingRecorder',
  'InfrastructureFactory',
  'IntegrityError',
  'InterfaceError',
  'InternalError',
  'JSONTranscoder',
  'Mapper',
  'NotSupportedError',
  'OperationalError',
  'PERSISTENCE_MODULE',
  'PYTHON_CIPHER_TOPIC',
  'PYTHON_TOPICS',
  'PYTHON_TOPIC_MODULE',
  'PersistenceError',
  'PythonDecimal',
  'PythonJSONTranscoder',
  'PythonTopics',
  'PythonUuid',
  'STORAGE_FORMAT',
  'SELECT_EVENTS_NOW',
  'ProgrammingError',
  'TranscodingError',
  'WaitTimeoutError',
  'checkIdentifier',
  'checkSelectEvents',
  'checkSelectNotifications',
  'checkStoredEvents',
  'checkTracking',
  'checkViewTable',
  'decodeCipherKey',
  'extendsClass',
  'hexToUuid',
  'isDataError',
  'isDatabaseError',
  'isEventSourcingError',
  'isIntegrityError',
  'isInterfaceError',
  'isInternalError',
  'isNotSupportedError',
  'isOperationalError',
  'isPersistenceError',
  'isProgrammingError',
  'isPythonFormat',
  'isTranscodingError',
  'isWaitTimeoutError',
  'loadPythonCodecs',
  'loadTopic',
  'notifyViewConstructed',
  'observeViews',
  'processEnvironment',
  'readBooleanSetting',
  'readNumberSetting',
  'readRequiredSetting',
  'registerModuleLoader',
  'tableName',
  'trackingConflict',
  'uuidToHex',
  'versionConflict',
  'waitForTracking',
]

const sorted = (names: Iterable<string>) => [...new Set(names)].sort()

describe('the package exports', () => {
  it('eventsourcing/domain exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/domain')))).toEqual(sorted(domain))
  })

  it('eventsourcing/application exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/application')))).toEqual(sorted(application))
  })

  it('eventsourcing/persistence exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/persistence')))).toEqual(sorted(persistence))
  })

  it('eventsourcing/testing exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/testing')))).toEqual(sorted(testing))
  })

  it('eventsourcing/system exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/system')))).toEqual(sorted(system))
  })

  it('eventsourcing/projection exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/projection')))).toEqual(sorted(projection))
  })

  it('eventsourcing/multiprocess exports exactly its public names', async () => {
    expect(sorted(Object.keys(await import('eventsourcing/multiprocess')))).toEqual(sorted(multiprocess))
  })

  it('eventsourcing exports the three browser-safe layers together', async () => {
    expect(sorted(Object.keys(await import('eventsourcing')))).toEqual(
      sorted([...domain, ...application, ...persistence]),
    )
  })

  it('every error class has a guard and is known to isEventSourcingError', async () => {
    const modules = [
      await import('eventsourcing/domain'),
      await import('eventsourcing/application'),
      await import('eventsourcing/persistence'),
      await import('eventsourcing/testing'),
      await import('eventsourcing/system'),
      await import('eventsourcing/projection'),
      await import('eventsourcing/multiprocess'),
    ]
    const { isEventSourcingError, EventSourcingError } = await import('eventsourcing/domain')
    for (const module of modules) {
      for (const [name, value] of Object.entries(module)) {
        if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue
        expect(value.prototype instanceof EventSourcingError || value === EventSourcingError, name).toBe(true)
        expect(Object.keys(module), `${name} has a guard`).toContain(`is${name}`)
        expect(isEventSourcingError({ name, message: 'crossed a worker boundary' }), name).toBe(true)
      }
    }
  })
})
