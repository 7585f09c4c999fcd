/**
 * Class versions and upcasting: stored events and snapshots last for ever, but their classes change. A class
 * declares the version of its stored form (`static classVersion = 3`, absent meaning 1) and one static upcaster
 * per step (`upcastV1V2(state)`, `upcastV2V3(state)`). What is stored carries the version when it is above 1;
 * on read, the upcasters from the stored version to the class's run in order on the stored state, before the
 * event or aggregate is built, so the rest of the program only ever sees the current form.
 */
import { ProgrammingError } from '../utils/errors.js'

/** The key under which a stored state records its class version, when it is above 1. */
export const CLASS_VERSION = 'classVersion'

/** A static upcaster: changes (or replaces) a stored state of one version into the next version's. */
export type Upcaster = (state: Record<string, unknown>) => Record<string, unknown> | void

/** A class that may declare a version of its stored form. */
interface VersionedClass {
  readonly name: string
  readonly classVersion?: unknown
}

/** The version of a class's stored form: its `static classVersion`, or 1. */
export function classVersionOf(cls: object): number {
  const version = (cls as VersionedClass).classVersion
  return version === undefined ? 1 : (version as number)
}

/** The name of the static method that upcasts a stored state from version `from` to `from + 1`. */
export function upcasterName(from: number): string {
  return `upcastV${from}V${from + 1}`
}

/**
 * Checks that a class's version is a whole number ≥ 1 and that it has every upcaster from version 1 up: a gap
 * in the chain is found when the class is defined, not when an old event is read.
 *
 * @throws {@link ProgrammingError} naming the class and what is missing.
 */
export function checkClassVersion(cls: object): void {
  const { name, classVersion } = cls as VersionedClass
  if (classVersion === undefined) return
  if (!Number.isSafeInteger(classVersion) || (classVersion as number) < 1) {
    throw new ProgrammingError(
      `${name}.classVersion must be a whole number ≥ 1 (the version of its stored form), but is ` +
        `${JSON.stringify(classVersion) ?? String(classVersion)}.`,
    )
  }
  const missing: string[] = []
  for (let from = 1; from < (classVersion as number); from++) {
    if (typeof (cls as Record<string, unknown>)[upcasterName(from)] !== 'function') missing.push(upcasterName(from))
  }
  if (missing.length > 0) {
    throw new ProgrammingError(
      `${name} has classVersion ${classVersion as number}, so it needs a static upcaster for each step from ` +
        `version 1, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Add ` +
        `static ${missing[0]}(state) { … } that changes a stored state of version ${missing[0]!.slice(7, -2)} into ` +
        `the next version's.`,
    )
  }
}

/**
 * Brings a stored state up to the class's version: takes the version the state records (1 if none) out of
 * it, and runs the upcasters from there in order. The state is the caller's own, changed in place unless an
 * upcaster returns a new object.
 *
 * @throws {@link ProgrammingError} if the state records a version newer than the class's, or a version that is
 *   not a whole number ≥ 1; and the error of an upcaster that throws.
 */
export function upcastState(cls: object, state: Record<string, unknown>): Record<string, unknown> {
  const stored = state[CLASS_VERSION]
  const target = classVersionOf(cls)
  if (stored === undefined && target === 1) return state
  delete state[CLASS_VERSION]
  const from = stored === undefined ? 1 : stored
  const name = (cls as VersionedClass).name
  if (!Number.isSafeInteger(from) || (from as number) < 1) {
    throw new ProgrammingError(
      `The stored state of a ${name} records the class version ${JSON.stringify(from)}, which is not a whole ` +
        `number ≥ 1.`,
    )
  }
  if ((from as number) > target) {
    throw new ProgrammingError(
      `The stored state of a ${name} was written by version ${from as number} of the class, newer than this ` +
        `program's version ${target}. Run the newer program, or give ${name} that version and its upcasters.`,
    )
  }
  let current = state
  for (let version = from as number; version < target; version++) {
    const upcaster = (cls as Record<string, Upcaster>)[upcasterName(version)]!
    current = upcaster.call(cls, current) ?? current
  }
  return current
}

/** Returns the state with the class's version recorded in it, if that is above 1. */
export function withClassVersion<S extends Record<string, unknown>>(cls: object, state: S): S {
  const version = classVersionOf(cls)
  return version === 1 ? state : { ...state, [CLASS_VERSION]: version }
}
