/**
 * Properties of automatic snapshotting: random intervals, random numbers of commands between saves, and
 * several aggregates saved together, some of them unchanged. An application that snapshots is compared
 * with one that does not, given the very same events.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Aggregate, event, registry, Snapshot } from 'eventsourcing/domain'
import { Application } from 'eventsourcing/application'
import { generative, isFuzzing } from '../support/generative.js'

/** Fuzzing runs twenty times as many cases. */
const TIMEOUT = isFuzzing ? 600_000 : 10_000

type Command =
  | { kind: 'addTrick'; trick: string }
  | { kind: 'score'; game: string; points: number }
  | { kind: 'visit'; on: Date }
  | { kind: 'note'; notes: string[] }

interface Pet extends Aggregate {
  name: string
  addTrick(fields: { trick: string }): void
  score(fields: { game: string; points: number }): void
  visit(fields: { on: Date }): void
  note(fields: { notes: string[] }): void
}

/**
 * Each run defines its classes afresh, as the interval is a static of the application class. The Cat's class
 * has no interval, so saving it beside Dogs must never snapshot it.
 */
function defineSchools(interval: number) {
  registry.reset()
  @event('Registered')
  class Dog extends Aggregate implements Pet {
    name: string
    tricks: string[] = []
    scores = new Map<string, number>()
    lastVisit: Date | null = null
    notes: { [day: string]: string[] } = {}
    constructor({ name }: { name: string }) {
      super()
      this.name = name
    }
    @event('TrickAdded')
    addTrick({ trick }: { trick: string }) {
      this.tricks.push(trick)
    }
    @event('Scored')
    score({ game, points }: { game: string; points: number }) {
      this.scores.set(game, points)
    }
    @event('Visited')
    visit({ on }: { on: Date }) {
      this.lastVisit = on
    }
    @event('Noted')
    note({ notes }: { notes: string[] }) {
      this.notes[String(this.version)] = notes
    }
  }
  @event('Registered')
  class Cat extends Aggregate implements Pet {
    name: string
    tricks: string[] = []
    constructor({ name }: { name: string }) {
      super()
      this.name = name
    }
    @event('TrickAdded')
    addTrick({ trick }: { trick: string }) {
      this.tricks.push(trick)
    }
    @event('Scored')
    score(_fields: { game: string; points: number }) {}
    @event('Visited')
    visit(_fields: { on: Date }) {}
    @event('Noted')
    note(_fields: { notes: string[] }) {}
  }
  class SnapshottingSchool extends Application {
    static override snapshottingIntervals = new Map([[Dog, interval]])
  }
  class PlainSchool extends Application {}
  return { Dog, Cat, SnapshottingSchool, PlainSchool }
}

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('addTrick'), trick: fc.string({ maxLength: 6 }) }),
  fc.record({ kind: fc.constant('score'), game: fc.string({ maxLength: 3 }), points: fc.integer() }),
  fc.record({ kind: fc.constant('visit'), on: fc.date({ noInvalidDate: true }) }),
  fc.record({ kind: fc.constant('note'), notes: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }) }),
)

interface Scenario {
  interval: number
  kinds: ('dog' | 'cat')[]
  /** Each save: which pets take part, and the commands each is given just before. */
  saves: { pet: number; commands: Command[] }[][]
}

const PETS = 3

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  interval: fc.integer({ min: 1, max: 6 }),
  kinds: fc.array(fc.oneof({ arbitrary: fc.constant('dog' as const), weight: 3 }, fc.constant('cat' as const)), {
    minLength: PETS,
    maxLength: PETS,
  }),
  saves: fc.array(
    fc.uniqueArray(fc.record({ pet: fc.nat({ max: PETS - 1 }), commands: fc.array(commandArb, { maxLength: 7 }) }), {
      selector: (part) => part.pet,
      minLength: 1,
      maxLength: PETS,
    }),
    { minLength: 1, maxLength: 6 },
  ),
})

/** Versions 1–3 then 4–5 with an interval of 2: the save of 1–3 crosses 2 without ending on it. */
const crossingExample: Scenario = {
  interval: 2,
  kinds: ['dog', 'dog', 'cat'],
  saves: [
    [
      {
        pet: 0,
        commands: [
          { kind: 'addTrick', trick: 'sit' },
          { kind: 'visit', on: new Date(0) },
        ],
      },
    ],
    [
      {
        pet: 0,
        commands: [
          { kind: 'note', notes: ['a'] },
          { kind: 'score', game: 'x', points: 1 },
        ],
      },
    ],
  ],
}

function perform(pet: Pet, command: Command): void {
  switch (command.kind) {
    case 'addTrick':
      return pet.addTrick({ trick: command.trick })
    case 'score':
      return pet.score({ game: command.game, points: command.points })
    case 'visit':
      return pet.visit({ on: command.on })
    case 'note':
      return pet.note({ notes: command.notes })
  }
}

function stateOf(aggregate: Aggregate): Record<string, unknown> {
  return structuredClone({ ...aggregate })
}

/**
 * Plays a scenario on a snapshotting application, and saves the very same events in a plain one. With
 * `passUnchanged`, a pet that takes part in a save without new events is still passed to it.
 */
async function play(scenario: Scenario, { passUnchanged }: { passUnchanged: boolean }) {
  const { Dog, Cat, SnapshottingSchool, PlainSchool } = defineSchools(scenario.interval)
  const app = new SnapshottingSchool()
  const plain = new PlainSchool()
  const pets: Pet[] = scenario.kinds.map((kind, index) =>
    kind === 'dog' ? new Dog({ name: `Dog ${index}` }) : new Cat({ name: `Cat ${index}` }),
  )
  const states = pets.map((pet) => [stateOf(pet)])
  const savedVersions = pets.map(() => 0)
  const expectedSnapshots = pets.map((): number[] => [])
  for (const save of scenario.saves) {
    const given: Pet[] = []
    for (const { pet: index, commands } of save) {
      const pet = pets[index]!
      for (const command of structuredClone(commands)) {
        perform(pet, command)
        states[index]!.push(stateOf(pet))
      }
      if (passUnchanged || pet.version > savedVersions[index]!) given.push(pet)
    }
    await plain.save(...given.flatMap((pet) => pet.pendingEvents))
    await app.save(...given)
    for (const pet of given) {
      const index = pets.indexOf(pet)
      // Every version the save stores counts, as in the Python library, not only the last one.
      for (let version = savedVersions[index]! + 1; version <= pet.version; version++) {
        if (pet instanceof Dog && version % scenario.interval === 0) expectedSnapshots[index]!.push(version)
      }
      savedVersions[index] = pet.version
    }
  }
  return { app, plain, pets, states, savedVersions, expectedSnapshots }
}

type Played = Awaited<ReturnType<typeof play>>

async function expectSnapshotsAtCrossedMultiples({ app, pets, states, expectedSnapshots }: Played): Promise<void> {
  for (const [index, pet] of pets.entries()) {
    const snapshots = await app.snapshots!.get(pet.id)
    for (const snapshot of snapshots) {
      expect(snapshot).toBeInstanceOf(Snapshot)
      expect(snapshot.originatorId).toBe(pet.id)
    }
    expect(snapshots.map((snapshot) => snapshot.originatorVersion)).toEqual(expectedSnapshots[index])
    for (const snapshot of snapshots as Snapshot[]) {
      expect(snapshot.topic).toBe(pet.constructor.name)
      expect({ ...snapshot.mutate(null) }).toStrictEqual(states[index]![snapshot.originatorVersion - 1])
    }
  }
}

async function expectSnapshotsOnlyAtMultiples({ app, pets, states, expectedSnapshots }: Played): Promise<void> {
  for (const [index, pet] of pets.entries()) {
    const snapshots = (await app.snapshots!.get(pet.id)) as Snapshot[]
    for (const snapshot of snapshots) {
      expect(expectedSnapshots[index]).toContain(snapshot.originatorVersion)
      expect({ ...snapshot.mutate(null) }).toStrictEqual(states[index]![snapshot.originatorVersion - 1])
    }
  }
}

async function expectSameReadsAsWithoutSnapshots({ app, plain, pets, states, savedVersions }: Played): Promise<void> {
  for (const [index, pet] of pets.entries()) {
    const saved = savedVersions[index]!
    if (saved === 0) continue
    for (let version = 1; version <= saved; version++) {
      const read = await app.repository.get(pet.id, { version })
      expect(read.equals(await plain.repository.get(pet.id, { version }))).toBe(true)
      expect({ ...read }).toStrictEqual(states[index]![version - 1])
    }
    const latest = await app.repository.get(pet.id)
    expect(latest.equals(await plain.repository.get(pet.id))).toBe(true)
    expect({ ...latest }).toStrictEqual(states[index]![saved - 1])
  }
}

describe('Automatic snapshots', () => {
  it(
    'are taken at each multiple of the interval that a save carries the version past, and at no other version',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          await expectSnapshotsAtCrossedMultiples(await play(scenario, { passUnchanged: false }))
        }),
        generative(80, { examples: [[crossingExample]] }),
      )
    },
    TIMEOUT,
  )

  it(
    'leave every read of every version as it is without snapshots',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          await expectSameReadsAsWithoutSnapshots(await play(scenario, { passUnchanged: false }))
        }),
        generative(60),
      )
    },
    TIMEOUT,
  )

  it(
    'neither fail a save nor change a read when an unchanged aggregate is saved beside changed ones',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          const played = await play(scenario, { passUnchanged: true })
          await expectSameReadsAsWithoutSnapshots(played)
          await expectSnapshotsOnlyAtMultiples(played)
        }),
        generative(60),
      )
    },
    TIMEOUT,
  )
})
