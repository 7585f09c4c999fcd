// Browser only.
/**
 * An exercise's progress in the reader's browser: their code, whether they completed it, and how many hints they
 * opened, under one `localStorage` key per exercise. Survives a reload; Reset keeps the completion mark.
 */

/** The event an `<es-exercise>` dispatches (bubbling) when all its tests pass. */
export const EXERCISE_COMPLETE_EVENT = 'es-exercise-complete'

/** What is saved for one exercise. */
export interface ExerciseProgress {
  /** The reader's code, if they changed the starting code. */
  code?: string
  /** All tests passed once. */
  complete?: boolean
  /** How many hints are open. */
  hints?: number
}

/** The storage key of an exercise. */
export function progressKey(page: string, exercise: string): string {
  return `eventsourcing-playground:exercise:${page}#${exercise}`
}

/** Reads an exercise's progress; nothing saved (or storage unavailable) gives `{}`. */
export function loadProgress(storage: Pick<Storage, 'getItem'> | undefined, key: string): ExerciseProgress {
  try {
    const text = storage?.getItem(key)
    const value: unknown = text ? JSON.parse(text) : {}
    return typeof value === 'object' && value !== null ? (value as ExerciseProgress) : {}
  } catch {
    return {}
  }
}

/** Merges `change` into an exercise's saved progress and returns the result. */
export function saveProgress(
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
  key: string,
  change: ExerciseProgress,
): ExerciseProgress {
  const next: ExerciseProgress = { ...loadProgress(storage, key), ...change }
  if (next.code === undefined) delete next.code
  try {
    storage?.setItem(key, JSON.stringify(next))
  } catch {
    // Storage full or disabled: progress lasts until the page is closed.
  }
  return next
}
