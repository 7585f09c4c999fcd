/**
 * A model-based generative check of the recorders, run against each store: fast-check draws random
 * sequences of writes (some of which must be rejected) and reads, runs each on a recorder and on a plain
 * model of what the recorder should hold, and every answer must be the model's. Where the contract
 * suites check chosen examples, this finds the sequences nobody thought to write down: a rejected write
 * that leaves half a batch behind, an id drawn twice, a page boundary that drops a notification.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  isIntegrityError,
  type AggregateRecorder,
  type ApplicationRecorder,
  type Notification,
  type ProcessRecorder,
  type SelectEventsOptions,
  type SelectNotificationsOptions,
  type StoredEvent,
  type Tracking,
} from 'eventsourcing/persistence'
import type { RecorderSource } from './aggregate-recorder.suite.js'
import { generative, isFuzzing } from '../support/generative.js'

/** A recorder source that also says how the store numbers its notifications. */
export interface ModelledRecorderSource<R> extends RecorderSource<R> {
  /**
   * Whether notification ids run 1, 2, 3 … with no gaps even after rejected writes (the in-memory and
   * SQLite stores), or only increase (PostgreSQL: a rolled-back write has drawn ids from a sequence, and
   * sequences do not roll back, as in the Python library).
   */
  readonly gapFreeIds: boolean
}

/** How long a model run is. */
export interface RecorderModelOptions {
  /** Command sequences under `npm test` (twenty times as many, at least 200, under EVENTSOURCING_FUZZ=1). */
  runs?: number
  /** The most commands in one sequence. */
  maxCommands?: number
}

type Kind = 'aggregate' | 'application' | 'process'

/** What the recorder should hold: the answer to every read follows from it. */
interface Model {
  readonly kind: Kind
  readonly gapFreeIds: boolean
  /** The ids of the aggregates this sequence writes and reads (some it may only read). */
  readonly originatorIds: readonly string[]
  /** Each aggregate's events, in version order. */
  readonly events: Map<string, StoredEvent[]>
  /** The notification log, in id order, with the ids the recorder gave. */
  readonly log: Notification[]
  /** The tracked notification ids of each upstream application. */
  readonly tracked: Map<string, Set<number>>
}

type RecorderCommand = fc.AsyncCommand<Model, AggregateRecorder>

const TOPICS = ['test.Opened', 'test.Renamed', 'test.Closed'] as const
/** A topic no event has, so that a topic filter can match nothing. */
const UNUSED_TOPIC = 'test.Unused'
/** Upstream applications that writes track; a third one is only ever read. */
const UPSTREAMS = ['Upstream', 'Orders'] as const
const READ_UPSTREAMS = [...UPSTREAMS, 'Payments'] as const
/** The state of a write that must be rejected, so that any trace of it in a read is plain to see. */
const STALE = new TextEncoder().encode('stale')

/** One event of a generated write, before the model gives it an aggregate and a version. */
interface EventSpec {
  slot: number
  /** After the aggregate's last version, one further on (leaving a gap), or in the lowest gap. */
  placement: 'next' | 'gap' | 'fill'
  topic: string
  state: Uint8Array
}

/** A generated upstream position, before the model makes it one that is (or is not yet) tracked. */
interface TrackingSpec {
  upstream: number
  pick: number
}

const eventSpec: fc.Arbitrary<EventSpec> = fc.record({
  slot: fc.nat({ max: 7 }),
  placement: fc.oneof(
    { weight: 6, arbitrary: fc.constant('next' as const) },
    { weight: 1, arbitrary: fc.constant('gap' as const) },
    { weight: 1, arbitrary: fc.constant('fill' as const) },
  ),
  topic: fc.constantFrom(...TOPICS),
  state: fc.uint8Array({ maxLength: 12 }),
})
const trackingSpec: fc.Arbitrary<TrackingSpec> = fc.record({ upstream: fc.nat(), pick: fc.nat({ max: 15 }) })
const topicsFilter = fc.option(fc.subarray([...TOPICS, UNUSED_TOPIC]), { nil: undefined })

/**
 * Originator ids as applications make them (UUIDs) and as they may be given (any short text), so that
 * a store that changes an id on its way to the database and back is caught. PostgreSQL text cannot
 * hold U+0000, which no application id contains.
 */
const originatorIds = fc.uniqueArray(
  fc.oneof(
    fc.uuid(),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((id) => !id.includes('\u0000')),
  ),
  { minLength: 1, maxLength: 4 },
)

/**
 * Runs random sequences of writes and reads against recorders from `source` (each sequence on a fresh
 * recorder) and against an in-test model, and checks that every answer is the model's: the same events,
 * in the same order, with the same state bytes; notification ids strictly increasing (and 1, 2, 3 … when
 * `source.gapFreeIds`); a rejected write stores nothing at all. Application and process recorders also
 * get notification log reads, and process recorders writes that track upstream positions, including
 * repeated positions that must be rejected.
 *
 * @param name - names the recorder in the test titles.
 * @param source - makes a recorder on fresh, empty tables for each sequence.
 * @param options - how many sequences, and how long.
 */
export function describeRecorderModel(
  name: string,
  source: ModelledRecorderSource<AggregateRecorder>,
  options: RecorderModelOptions = {},
): void {
  const runs = options.runs ?? 30
  const maxCommands = options.maxCommands ?? (isFuzzing ? 60 : 30)

  describe(`${name}: model-based check`, () => {
    it(
      'gives the answers of a model of its aggregates, notification log and upstream positions, over random sequences of writes and reads',
      async () => {
        // The recorder's methods say which model applies, so one suite takes any kind of recorder.
        const kind = kindOf(await source.create())
        const property = fc.asyncProperty(
          originatorIds,
          fc.commands(commandsFor(kind), { maxCommands, size: 'max' }),
          async (ids, commands) => {
            const recorder = await source.create()
            const model: Model = {
              kind,
              gapFreeIds: source.gapFreeIds,
              originatorIds: ids,
              events: new Map(),
              log: [],
              tracked: new Map(),
            }
            await fc.asyncModelRun(() => ({ model, real: recorder }), commands)
            await expectAgreement(model, recorder)
          },
        )
        await fc.assert(property, generative(runs))
      },
      isFuzzing ? 600_000 : 60_000,
    )
  })
}

function kindOf(recorder: AggregateRecorder): Kind {
  if (typeof (recorder as Partial<ProcessRecorder>).maxTrackingId === 'function') return 'process'
  if (typeof (recorder as Partial<ApplicationRecorder>).selectNotifications === 'function') return 'application'
  return 'aggregate'
}

/**
 * The command arbitraries for a kind of recorder. fast-check picks among them evenly, so the plain insert
 * is listed several times: reads of an empty recorder would find little.
 */
function commandsFor(kind: Kind): fc.Arbitrary<RecorderCommand>[] {
  const tracking = kind === 'process' ? fc.option(trackingSpec, { nil: undefined }) : fc.constant(undefined)
  const insert = fc
    .record({ specs: fc.array(eventSpec, { maxLength: 6 }), tracking })
    .map(({ specs, tracking }) => new InsertCommand(specs, tracking))
  const conflict = fc
    .record({
      specs: fc.array(eventSpec, { maxLength: 4 }),
      clash: fc.constantFrom('stored' as const, 'twice' as const),
      pick: fc.nat(),
      position: fc.nat(),
      tracking,
    })
    .map((args) => new ConflictingInsertCommand(args.specs, args.clash, args.pick, args.position, args.tracking))
  const selectEvents = fc
    .record({
      slot: fc.nat({ max: 7 }),
      gt: fc.option(fc.nat({ max: 9 }), { nil: undefined }),
      lte: fc.option(fc.nat({ max: 9 }), { nil: undefined }),
      desc: fc.constantFrom(undefined, false, true),
      limit: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
    })
    .map(({ slot, ...options }) => new SelectEventsCommand(slot, options))
  const commands: fc.Arbitrary<RecorderCommand>[] = [insert, insert, insert, conflict, selectEvents, selectEvents]
  if (kind === 'aggregate') return commands

  const selectNotifications = fc
    .record({
      startPick: fc.nat({ max: 60 }),
      limit: fc.integer({ min: 1, max: 6 }),
      stopPick: fc.option(fc.nat({ max: 60 }), { nil: undefined }),
      topics: topicsFilter,
    })
    .map((args) => new SelectNotificationsCommand(args.startPick, args.limit, args.stopPick, args.topics))
  const follow = fc
    .record({ pageSize: fc.integer({ min: 1, max: 4 }), topics: topicsFilter })
    .map(({ pageSize, topics }) => new FollowCommand(pageSize, topics))
  const maxNotificationId = fc.constant(new MaxNotificationIdCommand())
  commands.push(selectNotifications, follow, maxNotificationId)
  if (kind === 'application') return commands

  const repeatedTracking = fc
    .record({ specs: fc.array(eventSpec, { maxLength: 4 }), pick: fc.nat() })
    .map(({ specs, pick }) => new RepeatedTrackingCommand(specs, pick))
  const maxTrackingId = fc.nat().map((upstream) => new MaxTrackingIdCommand(upstream))
  const hasTrackingId = fc
    .record({ upstream: fc.nat(), pick: fc.nat({ max: 20 }), tracked: fc.boolean() })
    .map(({ upstream, pick, tracked }) => new HasTrackingIdCommand(upstream, pick, tracked))
  commands.push(insert, repeatedTracking, maxTrackingId, hasTrackingId)
  return commands
}

/**
 * A command whose call depends on the model (which aggregate, which version, which ids). fast-check's
 * counterexample lists commands as generated, so a failure also names the call that was made.
 */
abstract class ModelCommand implements RecorderCommand {
  check(_model: Readonly<Model>): boolean {
    return true
  }

  async run(model: Model, recorder: AggregateRecorder): Promise<void> {
    let call = this.toString()
    try {
      await this.perform(model, recorder, (made) => (call = made))
    } catch (error) {
      if (error instanceof Error) error.message = `${call}: ${error.message}`
      throw error
    }
  }

  /** Runs the command, naming the call through `calling` before making it. */
  abstract perform(model: Model, recorder: AggregateRecorder, calling: (call: string) => void): Promise<void>
  abstract toString(): string
}

/**
 * Stores a batch of new events (of several aggregates, consecutive versions unless the spec leaves or
 * fills a gap), with a new upstream position for a process recorder: it must succeed and return the
 * ids the model expects.
 */
class InsertCommand extends ModelCommand {
  constructor(
    readonly specs: readonly EventSpec[],
    readonly tracking: TrackingSpec | undefined,
  ) {
    super()
  }

  async perform(model: Model, recorder: AggregateRecorder, calling: (call: string) => void): Promise<void> {
    const events = newEvents(model, this.specs)
    const tracking = this.tracking && untrackedPosition(model, this.tracking)
    calling(`insertEvents(${describeEvents(events)}${describeTracking(tracking)})`)
    const written = events.map((event) => ({ ...event, state: event.state.slice() }))
    const ids = await recorder.insertEvents(written, tracking && { tracking })
    scribble(written)
    expectNewIds(model, ids, events.length)
    record(model, events, ids, tracking)
  }

  toString(): string {
    return `insert ${describeSpecs(this.specs)}${describeTrackingSpec(this.tracking)}`
  }
}

/**
 * Stores a batch with one event that conflicts: a version already stored, or one (id, version) given
 * twice. It must fail with an IntegrityError and store nothing, not even its upstream position.
 */
class ConflictingInsertCommand extends ModelCommand {
  constructor(
    readonly specs: readonly EventSpec[],
    readonly clash: 'stored' | 'twice',
    readonly pick: number,
    readonly position: number,
    readonly tracking: TrackingSpec | undefined,
  ) {
    super()
  }

  override check(model: Readonly<Model>): boolean {
    return this.clash === 'twice' || [...model.events.values()].some((events) => events.length > 0)
  }

  async perform(model: Model, recorder: AggregateRecorder, calling: (call: string) => void): Promise<void> {
    const events = newEvents(model, this.specs)
    let clashing: StoredEvent
    if (this.clash === 'stored') {
      const stored = [...model.events.values()].flat()
      clashing = { ...stored[this.pick % stored.length]!, topic: UNUSED_TOPIC, state: STALE }
    } else {
      if (events.length === 0) events.push(...newEvents(model, [{ ...SOME_EVENT, slot: this.pick }]))
      clashing = { ...events[this.pick % events.length]!, topic: UNUSED_TOPIC, state: STALE }
    }
    events.splice(this.position % (events.length + 1), 0, clashing)
    const tracking = this.tracking && untrackedPosition(model, this.tracking)
    calling(`insertEvents(${describeEvents(events)}${describeTracking(tracking)})`)
    await expectRejected(recorder.insertEvents(events, tracking && { tracking }))
    await expectAgreement(model, recorder, tracking)
  }

  toString(): string {
    const clash = this.clash === 'stored' ? 'a stored version' : 'one version twice'
    return `insert ${describeSpecs(this.specs)} with ${clash}${describeTrackingSpec(this.tracking)}`
  }
}

/** Stores new events with an upstream position already tracked: it must fail and store nothing. */
class RepeatedTrackingCommand extends ModelCommand {
  constructor(
    readonly specs: readonly EventSpec[],
    readonly pick: number,
  ) {
    super()
  }

  override check(model: Readonly<Model>): boolean {
    return [...model.tracked.values()].some((ids) => ids.size > 0)
  }

  async perform(model: Model, recorder: AggregateRecorder, calling: (call: string) => void): Promise<void> {
    const events = newEvents(model, this.specs)
    const positions = [...model.tracked].flatMap(([applicationName, ids]) =>
      [...ids].map((notificationId) => ({ applicationName, notificationId })),
    )
    const tracking = positions[this.pick % positions.length]!
    calling(`insertEvents(${describeEvents(events)}${describeTracking(tracking)})`)
    await expectRejected(recorder.insertEvents(events, { tracking }))
    await expectAgreement(model, recorder, tracking)
  }

  toString(): string {
    return `insert ${describeSpecs(this.specs)} with a tracked position`
  }
}

class SelectEventsCommand extends ModelCommand {
  constructor(
    readonly slot: number,
    readonly options: SelectEventsOptions,
  ) {
    super()
  }

  async perform(model: Model, recorder: AggregateRecorder, calling: (call: string) => void): Promise<void> {
    const id = model.originatorIds[this.slot % model.originatorIds.length]!
    // Pass only the options that are set, as a caller writing them by hand would.
    const options = Object.fromEntries(Object.entries(this.options).filter(([, value]) => value !== undefined))
    calling(`selectEvents(${JSON.stringify(id)}, ${JSON.stringify(options)})`)
    const { gt, lte, desc, limit } = this.options
    const matching = (model.events.get(id) ?? []).filter(
      (e) => (gt === undefined || e.originatorVersion > gt) && (lte === undefined || e.originatorVersion <= lte),
    )
    if (desc) matching.reverse()
    const expected = matching.slice(0, limit)
    const selected = await recorder.selectEvents(id, options)
    expect(selected.map(plainEvent)).toEqual(expected.map(plainEvent))
    scribble(selected)
  }

  toString(): string {
    return `selectEvents(#${this.slot}, ${JSON.stringify(this.options)})`
  }
}

/**
 * Selects one page of notifications. `start` and `stop` are drawn relative to the model's largest id,
 * so that they fall inside the log (or just past it) however long it has grown.
 */
class SelectNotificationsCommand extends ModelCommand {
  constructor(
    readonly startPick: number,
    readonly limit: number,
    readonly stopPick: number | undefined,
    readonly topics: readonly string[] | undefined,
  ) {
    super()
  }

  async perform(model: Model, recorder: AggregateRecorder, calling: (call: string) => void): Promise<void> {
    const span = lastId(model) + 2
    const options: SelectNotificationsOptions = { start: 1 + (this.startPick % span), limit: this.limit }
    if (this.stopPick !== undefined) options.stop = this.stopPick % (span + 1)
    if (this.topics !== undefined) options.topics = this.topics
    calling(`selectNotifications(${JSON.stringify(options)})`)
    const notifications = await (recorder as ApplicationRecorder).selectNotifications(options)
    expectIncreasingIds(notifications)
    const expected = model.log
      .filter((n) => n.id >= options.start && (options.stop === undefined || n.id <= options.stop))
      .filter((n) => !options.topics?.length || options.topics.includes(n.topic))
      .slice(0, options.limit)
    expect(notifications.map(plainNotification)).toEqual(expected.map(plainNotification))
    scribble(notifications)
  }

  toString(): string {
    const stop = this.stopPick === undefined ? '' : `, stop pick ${this.stopPick}`
    const topics = this.topics === undefined ? '' : `, topics ${JSON.stringify(this.topics)}`
    return `selectNotifications(start pick ${this.startPick}, limit ${this.limit}${stop}${topics})`
  }
}

/** Pages through the whole log as a follower does, each page starting after the last id seen. */
class FollowCommand extends ModelCommand {
  constructor(
    readonly pageSize: number,
    readonly topics: readonly string[] | undefined,
  ) {
    super()
  }

  async perform(model: Model, recorder: AggregateRecorder): Promise<void> {
    const seen: Notification[] = []
    // A page that never comes back empty would page forever: the model bounds how many pages there can be.
    for (let pages = 0; pages <= model.log.length + 1; pages++) {
      const start = (seen.at(-1)?.id ?? 0) + 1
      const page = await (recorder as ApplicationRecorder).selectNotifications({
        start,
        limit: this.pageSize,
        ...(this.topics !== undefined && { topics: this.topics }),
      })
      expect(page.length).toBeLessThanOrEqual(this.pageSize)
      if (page.length === 0) break
      seen.push(...page)
    }
    expectIncreasingIds(seen)
    const expected = model.log.filter((n) => !this.topics?.length || this.topics.includes(n.topic))
    expect(seen.map(plainNotification)).toEqual(expected.map(plainNotification))
    scribble(seen)
  }

  toString(): string {
    return `follow the log (pages of ${this.pageSize}, topics ${JSON.stringify(this.topics)})`
  }
}

class MaxNotificationIdCommand extends ModelCommand {
  async perform(model: Model, recorder: AggregateRecorder): Promise<void> {
    expect(await (recorder as ApplicationRecorder).maxNotificationId()).toBe(lastId(model))
  }

  toString(): string {
    return 'maxNotificationId()'
  }
}

class MaxTrackingIdCommand extends ModelCommand {
  constructor(readonly upstream: number) {
    super()
  }

  async perform(model: Model, recorder: AggregateRecorder): Promise<void> {
    const name = READ_UPSTREAMS[this.upstream % READ_UPSTREAMS.length]!
    expect(await (recorder as ProcessRecorder).maxTrackingId(name)).toBe(maxTracked(model, name))
  }

  toString(): string {
    return `maxTrackingId(${JSON.stringify(READ_UPSTREAMS[this.upstream % READ_UPSTREAMS.length])})`
  }
}

/** Asks about a tracked position (when there is one and `tracked`), or about any position. */
class HasTrackingIdCommand extends ModelCommand {
  constructor(
    readonly upstream: number,
    readonly pick: number,
    readonly tracked: boolean,
  ) {
    super()
  }

  async perform(model: Model, recorder: AggregateRecorder, calling: (call: string) => void): Promise<void> {
    const name = READ_UPSTREAMS[this.upstream % READ_UPSTREAMS.length]!
    const ids = [...(model.tracked.get(name) ?? [])]
    const id = this.tracked && ids.length > 0 ? ids[this.pick % ids.length]! : this.pick
    calling(`hasTrackingId(${JSON.stringify(name)}, ${id})`)
    expect(await (recorder as ProcessRecorder).hasTrackingId(name, id)).toBe(ids.includes(id))
  }

  toString(): string {
    const which = this.tracked ? `a tracked id (pick ${this.pick})` : String(this.pick)
    return `hasTrackingId(${JSON.stringify(READ_UPSTREAMS[this.upstream % READ_UPSTREAMS.length])}, ${which})`
  }
}

const SOME_EVENT: EventSpec = { slot: 0, placement: 'next', topic: TOPICS[0], state: new Uint8Array([1]) }

/** Gives each spec an aggregate and a version no stored event (and no earlier event of the batch) has. */
function newEvents(model: Readonly<Model>, specs: readonly EventSpec[]): StoredEvent[] {
  const taken = new Map<string, Set<number>>()
  return specs.map((spec) => {
    const originatorId = model.originatorIds[spec.slot % model.originatorIds.length]!
    let versions = taken.get(originatorId)
    if (versions === undefined) {
      versions = new Set((model.events.get(originatorId) ?? []).map((e) => e.originatorVersion))
      taken.set(originatorId, versions)
    }
    const last = Math.max(0, ...versions)
    let version = spec.placement === 'gap' ? last + 2 : last + 1
    if (spec.placement === 'fill') for (version = 1; versions.has(version);) version++
    versions.add(version)
    return { originatorId, originatorVersion: version, topic: spec.topic, state: spec.state }
  })
}

/** Makes a spec's position one the upstream application has not had tracked yet. */
function untrackedPosition(model: Readonly<Model>, spec: TrackingSpec): Tracking {
  const applicationName = UPSTREAMS[spec.upstream % UPSTREAMS.length]!
  const tracked = model.tracked.get(applicationName)
  let notificationId = spec.pick + 1
  while (tracked?.has(notificationId)) notificationId++
  return { applicationName, notificationId }
}

function record(model: Model, events: readonly StoredEvent[], ids: readonly number[], tracking?: Tracking): void {
  for (const [index, event] of events.entries()) {
    const sequence = model.events.get(event.originatorId) ?? []
    sequence.push(event)
    sequence.sort((a, b) => a.originatorVersion - b.originatorVersion)
    model.events.set(event.originatorId, sequence)
    if (model.kind !== 'aggregate') model.log.push({ ...event, id: ids[index]! })
  }
  if (tracking) {
    const tracked = model.tracked.get(tracking.applicationName) ?? new Set()
    model.tracked.set(tracking.applicationName, tracked.add(tracking.notificationId))
  }
}

/**
 * Overwrites the state bytes of events a caller wrote or read. Python's bytes cannot change, but a
 * Uint8Array can: a store that kept or handed out the caller's buffer would change what later reads
 * return, and the model, which kept its own bytes, would see it.
 */
function scribble(events: readonly StoredEvent[]): void {
  for (const event of events) event.state.fill(0xee)
}

function lastId(model: Readonly<Model>): number {
  return model.log.at(-1)?.id ?? 0
}

function maxTracked(model: Readonly<Model>, applicationName: string): number {
  return Math.max(0, ...(model.tracked.get(applicationName) ?? []))
}

/** The ids a successful write returns: none from an aggregate recorder, else one per event, after every earlier id. */
function expectNewIds(model: Readonly<Model>, ids: readonly number[], count: number): void {
  if (model.kind === 'aggregate') {
    expect(ids).toEqual([])
    return
  }
  const after = lastId(model)
  if (model.gapFreeIds) {
    expect(ids).toEqual(Array.from({ length: count }, (_, index) => after + 1 + index))
  } else {
    expect(ids).toHaveLength(count)
    expectIncreasing([after, ...ids])
  }
}

async function expectRejected(write: Promise<unknown>): Promise<void> {
  const error = await write.then(
    () => 'no error: the write was stored',
    (e: unknown) => e,
  )
  expect(isIntegrityError(error), `expected an IntegrityError, got ${String(error)}`).toBe(true)
}

/**
 * Compares everything the recorder holds with the model: each aggregate's events, the whole log, the
 * largest ids, and the upstream position a rejected write carried (which must not have been recorded).
 */
async function expectAgreement(model: Readonly<Model>, recorder: AggregateRecorder, position?: Tracking) {
  for (const id of model.originatorIds) {
    const expected = (model.events.get(id) ?? []).map(plainEvent)
    expect((await recorder.selectEvents(id)).map(plainEvent), `the events of ${JSON.stringify(id)}`).toEqual(expected)
  }
  if (model.kind === 'aggregate') return
  const application = recorder as ApplicationRecorder
  const log = await application.selectNotifications({ start: 1, limit: model.log.length + 1 })
  expect(log.map(plainNotification), 'the notification log').toEqual(model.log.map(plainNotification))
  expect(await application.maxNotificationId(), 'the largest notification id').toBe(lastId(model))
  if (model.kind === 'application') return
  const processRecorder = recorder as ProcessRecorder
  for (const name of UPSTREAMS) {
    expect(await processRecorder.maxTrackingId(name), `the largest id of ${name}`).toBe(maxTracked(model, name))
  }
  if (position) {
    const { applicationName, notificationId } = position
    const tracked = model.tracked.get(applicationName)?.has(notificationId) ?? false
    expect(await processRecorder.hasTrackingId(applicationName, notificationId), 'the position').toBe(tracked)
  }
}

function expectIncreasingIds(notifications: readonly Notification[]): void {
  expectIncreasing(notifications.map((n) => n.id))
}

function expectIncreasing(ids: readonly number[]): void {
  for (let index = 1; index < ids.length; index++) {
    expect(ids[index], `notification ids ${JSON.stringify(ids)} strictly increasing`).toBeGreaterThan(ids[index - 1]!)
  }
}

/** An event as comparable data: its state as a list of bytes, and whether that state is a Uint8Array. */
function plainEvent(event: StoredEvent) {
  const { originatorId, originatorVersion, topic, state } = event
  return { originatorId, originatorVersion, topic, state: [...state], bytes: state instanceof Uint8Array }
}

function plainNotification(notification: Notification) {
  return { id: notification.id, ...plainEvent(notification) }
}

const hex = (state: Uint8Array) => Buffer.from(state).toString('hex')

function describeEvents(events: readonly StoredEvent[]): string {
  return `[${events.map((e) => `${JSON.stringify(e.originatorId)}@${e.originatorVersion} ${e.topic} ${hex(e.state)}`).join(', ')}]`
}

function describeTracking(tracking: Tracking | undefined): string {
  return tracking ? `, { tracking: ${JSON.stringify(tracking)} }` : ''
}

function describeSpecs(specs: readonly EventSpec[]): string {
  return `[${specs.map((s) => `#${s.slot} ${s.placement} ${s.topic} ${hex(s.state)}`).join(', ')}]`
}

function describeTrackingSpec(spec: TrackingSpec | undefined): string {
  return spec ? ` tracking ${UPSTREAMS[spec.upstream % UPSTREAMS.length]} from ${spec.pick + 1}` : ''
}
