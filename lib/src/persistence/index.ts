/**
 * `eventsourcing/persistence`: stored events, the transcoder and mapper, the recorder interfaces, the
 * event store, the infrastructure factory and the in-memory store. Uses no Node built-ins.
 *
 * @module
 */
export type { Notification, StoredEvent, Tracking } from './stored-event.js'
export { JSONTranscoder, type Transcoder, type Transcoding } from './transcoder.js'
export { Mapper, type Cipher, type Compressor, type MapperOptions } from './mapper.js'
export { SELECT_EVENTS_NOW } from './recorders.js'
export type {
  AggregateRecorder,
  ApplicationRecorder,
  InsertEventsOptions,
  ProcessRecorder,
  SelectEventsOptions,
  SelectNotificationsOptions,
} from './recorders.js'
export { InMemoryAggregateRecorder, InMemoryApplicationRecorder, InMemoryProcessRecorder } from './in-memory.js'
export { EventStore, type Recording } from './event-store.js'
export { checkViewTable, waitForTracking, type TrackingRecorder, type WaitOptions } from './tracking-recorder.js'
export { InMemoryTrackingRecorder } from './in-memory-tracking-recorder.js'
export { notifyViewConstructed, observeViews, type ViewObserver } from './view-observers.js'
export {
  CIPHER_TOPIC,
  COMPRESSOR_TOPIC,
  extendsClass,
  InfrastructureFactory,
  InMemoryFactory,
  loadTopic,
  PERSISTENCE_MODULE,
  registerModuleLoader,
  type Codecs,
  type InfrastructureFactoryClass,
  type ModuleExports,
  type TrackingRecorderClass,
} from './infrastructure-factory.js'
export {
  hexToUuid,
  isPythonFormat,
  PYTHON_TOPIC_MODULE,
  PYTHON_TOPICS,
  PythonTopics,
  STORAGE_FORMAT,
  uuidToHex,
  type PythonTopicsOptions,
  type RecordPlace,
} from './python-settings.js'
export { PythonDecimal, PythonJSONTranscoder, PythonUuid } from './python-transcoder.js'
export { loadPythonCodecs, PYTHON_CIPHER_TOPIC } from './python-codecs.js'
export { CIPHER_KEY, CIPHER_KEY_BYTES, decodeCipherKey, DEFAULT_CIPHER_TOPIC } from './cipher-key.js'
export { checkSelectEvents, checkSelectNotifications, checkStoredEvents, checkTracking } from './checks.js'
export { trackingConflict, versionConflict } from './in-memory.js'
export {
  checkIdentifier,
  CREATE_TABLE,
  readBooleanSetting,
  readNumberSetting,
  readRequiredSetting,
  tableName,
  type NumberRule,
} from './settings.js'
export { EventSourcingError, isEventSourcingError, isProgrammingError, ProgrammingError } from '../utils/errors.js'
export { Environment, processEnvironment, type EnvironmentValues } from '../utils/environment.js'
export {
  DatabaseError,
  DataError,
  IntegrityError,
  InterfaceError,
  InternalError,
  isDatabaseError,
  isDataError,
  isIntegrityError,
  isInterfaceError,
  isInternalError,
  isNotSupportedError,
  isOperationalError,
  isPersistenceError,
  isTranscodingError,
  isWaitTimeoutError,
  NotSupportedError,
  OperationalError,
  PersistenceError,
  TranscodingError,
  WaitTimeoutError,
  type WaitPosition,
} from './errors.js'
