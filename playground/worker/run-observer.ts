// Worker.
/**
 * What the event explorer shows about a run, gathered in the run's worker through the library's public
 * instrumentation points (`observeApplications`, `observeAggregates`): each application's notification log
 * decoded, the events aggregates recorded but nobody saved, each aggregate's state after each of its events,
 * replayed by the library's own `repository.get(id, { version })` and `mutate`, and, for a process application
 * (`eventsourcing/system`), each application it follows and how far it has processed that one's log, and each view
 * (`eventsourcing/projection`) with its rows and how far it has processed each log (`view-observer.ts`). The data
 * is plain JSON (`shared/explorer-data.ts`), bounded by `EXPLORER_LIMITS`, collected once at the end of the run; a
 * run that makes no application or view and leaves no unsaved event gets none, and costs the observers' calls only. No
 * DOM: the browser's worker and `tutorial-tests` run the same code.
 *
 * A process application is recognised by its public API alone (`leaderNames`, `position(leaderName)`), so that
 * runs that never import `eventsourcing/system` do not load it. An application the program closed (a runner's
 * `stop()` closes them all) refuses its notification log and repository; its stores, loaded before, still hold
 * what it stored, and are read through a `NotificationLog` and a `Repository` of their own.
 */
import type { Aggregate, AggregateEvent, DomainEvent, observeAggregates } from 'eventsourcing/domain'
import type { Application, NotificationLog, observeApplications, Repository } from 'eventsourcing/application'
import type { observeViews, ProcessRecorder } from 'eventsourcing/persistence'
import type {
  AggregateHistory,
  ApplicationLog,
  EventRow,
  ExplorerData,
  Json,
  LeaderPosition,
  VersionState,
} from '../shared/explorer-data'
import { toJsonData } from './json-data'
import { watchViews } from './view-observer'

/**
 * What the observer uses of the copy of the library the program imports: its instrumentation points, and the
 * classes that read an application's stores once the application is closed.
 */
export interface LibraryHooks {
  observeAggregates: typeof observeAggregates
  observeApplications: typeof observeApplications
  observeViews: typeof observeViews
  NotificationLog: typeof NotificationLog
  Repository: typeof Repository
}

/** How much the explorer's data holds. */
export interface ExplorerLimits {
  /** Applications whose notification logs are read (and leaders listed per process application). */
  applications: number
  /** Views read (their rows and positions). */
  views: number
  /** Notifications read per application (the first ones). */
  notifications: number
  /** Aggregates replayed, and aggregates with unsaved events listed. */
  aggregates: number
  /** States replayed per aggregate, and unsaved events listed per aggregate. */
  versions: number
  /** States replayed in all (each is one `repository.get`). */
  states: number
  /** Aggregate objects the run keeps track of (new and rebuilt). */
  instances: number
}

/** The limits of the event explorer. */
export const EXPLORER_LIMITS: ExplorerLimits = {
  applications: 10,
  views: 10,
  notifications: 500,
  aggregates: 50,
  versions: 100,
  states: 1_000,
  instances: 1_000,
}

/** Options of `observeRun`. */
export interface ObserveOptions {
  /**
   * The first block whose unsaved events are reported: aggregates made, or given new events, in this block or a
   * later one. Earlier blocks of a chain are the page's, and leave events unsaved on purpose.
   */
  unsavedFromPart: number
  limits?: Partial<ExplorerLimits>
}

/** Observes a run for the event explorer. */
export interface RunObserver {
  /** Tells the observer that block `part` of the chain starts. */
  enterPart(part: number): void
  /** Stops observing and describes the run; `undefined` if it made no application and left no unsaved event. */
  collect(): Promise<ExplorerData | undefined>
  /** Stops observing. */
  stop(): void
}

const BASE_PROPERTIES = new Set(['id', 'version', 'createdOn', 'modifiedOn'])
const STANDARD_EVENT_PROPERTIES = new Set(['originatorId', 'originatorVersion', 'timestamp', 'originatorTopic'])

interface Tracked {
  aggregate: Aggregate
  /** The aggregate's version when the reported blocks started (0 if made there; Infinity until they start). */
  baseline: number
}

/** One aggregate to replay: its saved versions (from an application) and its unsaved events. */
interface Entry {
  aggregateClass: string
  id: string
  application?: number
  /** The saved rows read from the log, by version. */
  rows: Map<number, EventRow>
  saved: number
  pending: readonly AggregateEvent[]
}

/** Starts observing the library for a run. */
export function observeRun(hooks: LibraryHooks, options: ObserveOptions): RunObserver {
  const limits = { ...EXPLORER_LIMITS, ...options.limits }
  const applications: Application[] = []
  let applicationsTotal = 0
  const tracked: Tracked[] = []
  let untracked = 0
  let reporting = options.unsavedFromPart <= 0
  const stops = [
    hooks.observeApplications({
      constructed(application) {
        applicationsTotal++
        if (applications.length < limits.applications) applications.push(application)
      },
    }),
    hooks.observeAggregates((aggregate) => {
      if (tracked.length < limits.instances) tracked.push({ aggregate, baseline: reporting ? 0 : Infinity })
      else untracked++
    }),
  ]
  const views = watchViews(hooks, limits.views)
  stops.push(views.stop)
  const stop = () => {
    for (const s of stops.splice(0)) s()
  }

  return {
    enterPart(part) {
      if (reporting || part < options.unsavedFromPart) return
      reporting = true
      for (const t of tracked) t.baseline = t.aggregate.version
    },
    stop,
    async collect() {
      stop()
      const unsavedInstances = tracked.flatMap(({ aggregate, baseline }) => {
        const pending = aggregate.version > baseline ? pendingOf(aggregate) : []
        return pending.length ? [{ aggregate, pending }] : []
      })
      if (applicationsTotal === 0 && views.total === 0 && unsavedInstances.length === 0) return undefined
      const names = new Map<string, string>()
      for (const { aggregate } of tracked) if (!names.has(aggregate.id)) names.set(aggregate.id, className(aggregate))

      const readers: Array<Reader | Error> = []
      for (const application of applications) readers.push(await readerOf(application, hooks).catch(asError))
      // Positions first: a leader's log read afterwards holds at least every notification a follower processed.
      const viewSnapshots = await views.read(applications)
      const follows = []
      for (const [index, application] of applications.entries()) {
        follows.push(await readFollows(application, index, readers[index]!, applications, limits))
      }
      const entries: Entry[] = []
      const snapshots = []
      for (const [index, application] of applications.entries()) {
        const snapshot = await readLog(application, readers[index]!, index, limits, names, entries)
        snapshots.push(follows[index] ? { ...snapshot, follows: follows[index] } : snapshot)
      }
      const unsaved = unsavedInstances.map(({ aggregate, pending }) => {
        const entry = addUnsaved(entries, aggregate, pending)
        return {
          aggregateClass: entry.aggregateClass,
          aggregateId: entry.id,
          ...(entry.application === undefined ? {} : { application: entry.application }),
          events: pending.slice(0, limits.versions).map((event) => eventRow(event, entry.aggregateClass)),
          total: pending.length,
        }
      })
      const budget = { states: limits.states }
      const aggregates: AggregateHistory[] = []
      for (const entry of entries.slice(0, limits.aggregates)) {
        aggregates.push(await replay(entry, readers, limits, budget))
      }
      return {
        applications: snapshots,
        applicationsTotal,
        unsaved: unsaved.slice(0, limits.aggregates),
        unsavedTotal: unsaved.length,
        aggregates,
        aggregatesTotal: entries.length,
        views: viewSnapshots,
        viewsTotal: views.total,
        untracked,
      }
    },
  }
}

/** How the observer reads an application's stores. */
interface Reader {
  log: Pick<NotificationLog, 'maxNotificationId' | 'select'>
  repository: Pick<Repository, 'get'>
  /** How far the application has processed the named leader's log (a process application's). */
  position(leaderName: string): Promise<number>
}

/** What a process application offers, besides an application's API. */
interface Follower {
  leaderNames: unknown
  position(leaderName: string): Promise<number>
}

/**
 * Reads an application through its own notification log, repository and `position()`; once it is closed, through
 * a notification log and a repository of its stores, and its recorder's `maxTrackingId()`.
 */
async function readerOf(application: Application, hooks: LibraryHooks): Promise<Reader> {
  try {
    await application.ready()
    return {
      log: application.notificationLog,
      repository: application.repository,
      position: (leaderName) => (application as unknown as Follower).position(leaderName),
    }
  } catch (error) {
    let stores: Pick<Application, 'recorder' | 'eventStore' | 'snapshots'>
    try {
      stores = { recorder: application.recorder, eventStore: application.eventStore, snapshots: application.snapshots }
    } catch {
      throw error // Its stores never loaded: the reason is the application's own.
    }
    return {
      log: new hooks.NotificationLog(stores.recorder),
      repository: new hooks.Repository(stores),
      position: (leaderName) => (stores.recorder as ProcessRecorder).maxTrackingId(leaderName),
    }
  }
}

/** The names of the applications a process application follows; `undefined` for any other application. */
function leaderNamesOf(application: Application): string[] | undefined {
  try {
    const { leaderNames, position } = application as unknown as Partial<Follower>
    if (!Array.isArray(leaderNames) || typeof position !== 'function') return undefined
    return leaderNames.filter((name): name is string => typeof name === 'string')
  } catch {
    return undefined
  }
}

/** The leaders of a process application and its position in each one's log; `undefined` for other applications. */
async function readFollows(
  application: Application,
  index: number,
  reader: Reader | Error,
  applications: readonly Application[],
  limits: ExplorerLimits,
): Promise<LeaderPosition[] | undefined> {
  const leaderNames = leaderNamesOf(application)
  if (!leaderNames?.length) return undefined
  const follows: LeaderPosition[] = []
  for (const name of leaderNames.slice(0, limits.applications)) {
    const leader = nearest(applications, name, index)
    const follow: LeaderPosition = { name, ...(leader === undefined ? {} : { application: leader }), position: 0 }
    try {
      if (reader instanceof Error) throw reader
      follow.position = await reader.position(name)
    } catch (error) {
      follow.error = messageOf(error)
    }
    follows.push(follow)
  }
  return follows
}

/** The index of the application named `name` nearest to `index` in construction order (not `index` itself). */
function nearest(applications: readonly Application[], name: string, index: number): number | undefined {
  let found: number | undefined
  for (const [other, application] of applications.entries()) {
    if (other === index || application.name !== name) continue
    if (found === undefined || Math.abs(other - index) < Math.abs(found - index)) found = other
  }
  return found
}

/** Reads an application's log and adds an entry per aggregate it stored. */
async function readLog(
  application: Application,
  reader: Reader | Error,
  index: number,
  limits: ExplorerLimits,
  names: ReadonlyMap<string, string>,
  entries: Entry[],
): Promise<ApplicationLog> {
  const snapshot: ApplicationLog = { name: application.name, events: [], total: 0 }
  const byId = new Map<string, Entry>()
  try {
    if (reader instanceof Error) throw reader
    snapshot.total = await reader.log.maxNotificationId()
    if (snapshot.total === 0) return snapshot
    const notifications = await reader.log.select({ start: 1, limit: limits.notifications })
    for (const notification of notifications) {
      const event = await application.mapper.toDomainEvent(notification)
      const id = notification.originatorId
      let entry = byId.get(id)
      if (!entry) {
        const aggregateClass = names.get(id) ?? topicClass(notification.topic, event)
        entry = { aggregateClass, id, application: index, rows: new Map(), saved: 0, pending: [] }
        byId.set(id, entry)
        entries.push(entry)
      }
      const row = eventRow(event, entry.aggregateClass, notification.id)
      snapshot.events.push(row)
      entry.rows.set(row.version, row)
      entry.saved = Math.max(entry.saved, row.version)
    }
  } catch (error) {
    snapshot.error = messageOf(error)
  }
  return snapshot
}

/** Adds an aggregate's unsaved events to the entry of its saved versions, or to an entry of its own. */
function addUnsaved(entries: Entry[], aggregate: Aggregate, pending: readonly AggregateEvent[]): Entry {
  const before = pending[0]!.originatorVersion - 1
  const continued = entries.find((e) => e.id === aggregate.id && e.saved === before && e.pending.length === 0)
  if (continued) {
    continued.pending = pending
    return continued
  }
  // Another copy of a saved aggregate, or one never saved: replayed from its application if one stored it.
  const stored = entries.find((e) => e.id === aggregate.id && e.application !== undefined && e.saved >= before)
  const entry: Entry = {
    aggregateClass: className(aggregate),
    id: aggregate.id,
    ...(stored?.application === undefined ? {} : { application: stored.application }),
    rows: new Map(),
    saved: 0,
    pending,
  }
  entries.push(entry)
  return entry
}

/** Replays an aggregate's saved versions with `repository.get(id, { version })`, then its unsaved events with `mutate`. */
async function replay(
  entry: Entry,
  readers: ReadonlyArray<Reader | Error>,
  limits: ExplorerLimits,
  budget: { states: number },
): Promise<AggregateHistory> {
  const snapshot: AggregateHistory = {
    aggregateClass: entry.aggregateClass,
    aggregateId: entry.id,
    ...(entry.application === undefined ? {} : { application: entry.application }),
    states: [],
    lastVersion: Math.max(entry.saved, entry.pending.at(-1)?.originatorVersion ?? 0),
  }
  const reader = entry.application === undefined ? undefined : readers[entry.application]
  // An entry has an application only if its log was read, so that application's reader is not an error.
  const repository = reader instanceof Error ? undefined : reader?.repository
  const room = () => snapshot.states.length < limits.versions && budget.states > 0
  let previous: VersionState['state'] | undefined
  const add = (aggregate: Aggregate, event: string, fields: Json, saved: boolean) => {
    const state = stateOf(aggregate)
    snapshot.states.push({ version: aggregate.version, event, fields, saved, state, changed: changes(previous, state) })
    previous = state
    budget.states--
  }
  try {
    let aggregate: Aggregate | null = null
    for (let version = 1; version <= entry.saved && room(); version++) {
      aggregate = await repository!.get(entry.id, { version })
      const row = entry.rows.get(version)
      add(aggregate, row?.name ?? '', row?.fields ?? null, true)
    }
    if (entry.pending.length === 0 || !room()) return snapshot
    const before = entry.pending[0]!.originatorVersion - 1
    if (before === 0) {
      aggregate = null
    } else if (aggregate?.version !== before) {
      if (!repository) {
        snapshot.problem = { kind: 'earlier-events-unknown' }
        return snapshot
      }
      aggregate = await repository.get(entry.id, { version: before })
      previous = stateOf(aggregate)
    }
    for (const event of entry.pending) {
      if (!room()) break
      aggregate = event.mutate(aggregate)
      add(aggregate, event.constructor.name, fieldsOf(event), false)
    }
  } catch (error) {
    snapshot.problem = { kind: 'rebuild-failed', message: messageOf(error) }
  }
  return snapshot
}

function pendingOf(aggregate: Aggregate): readonly AggregateEvent[] {
  try {
    return aggregate.pendingEvents
  } catch {
    return []
  }
}

function className(aggregate: Aggregate): string {
  return aggregate.constructor.name || 'Aggregate'
}

/** The aggregate class named by a created event's `originatorTopic`, or by the event's own topic (`Dog.TrickAdded`). */
function topicClass(topic: string, event: DomainEvent): string {
  const created = (event as { originatorTopic?: unknown }).originatorTopic
  if (typeof created === 'string') return created
  return topic.includes('.') ? topic.slice(0, topic.lastIndexOf('.')) : topic
}

function eventRow(event: DomainEvent, aggregateClass: string, notificationId?: number): EventRow {
  return {
    ...(notificationId === undefined ? {} : { notificationId }),
    aggregateClass,
    aggregateId: event.originatorId,
    version: event.originatorVersion,
    name: event.constructor.name,
    fields: fieldsOf(event),
    timestamp: event.timestamp.getTime(),
  }
}

function fieldsOf(event: DomainEvent): Json {
  const fields: Record<string, unknown> = {}
  for (const key of Object.keys(event)) if (!STANDARD_EVENT_PROPERTIES.has(key)) fields[key] = event[key]
  return toJsonData(fields)
}

function stateOf(aggregate: Aggregate): VersionState['state'] {
  const state: Record<string, unknown> = {}
  for (const key of Object.keys(aggregate)) {
    if (!BASE_PROPERTIES.has(key)) state[key] = (aggregate as unknown as Record<string, unknown>)[key]
  }
  return toJsonData(state) as VersionState['state']
}

/** The properties whose JSON differs between two states (every property when there is no previous state). */
export function changes(previous: VersionState['state'] | undefined, next: VersionState['state']): string[] {
  if (!previous) return Object.keys(next)
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)])
  return [...keys].filter((key) => JSON.stringify(previous[key]) !== JSON.stringify(next[key]))
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
