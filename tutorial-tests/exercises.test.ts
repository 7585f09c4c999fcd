/**
 * Every exercise of the site can be done: its starting code fails at least one of its tests, its solution passes
 * them all, and the solution and tests type-check as the editor checks them.
 */
import { beforeAll, describe, expect, test } from 'vitest'
import type { Exercise, ExerciseFile } from '@eventsourcing/playground/shared'
import { findPages, readPage } from './support/pages'
import { runInNode } from './support/node-runner'
import { typeCheckBlock } from './support/type-checker'

async function runExercise(exercise: Exercise, file: ExerciseFile) {
  return runInNode([{ code: file.code }, { code: exercise.tests.code }], {
    labels: [
      { label: exercise.file, lineOffset: file.codeLine - 1 },
      { label: exercise.file, lineOffset: exercise.tests.codeLine - 1 },
    ],
  })
}

// The first check loads TypeScript and the library's declarations: do it before the timed tests, which on a
// busy machine it could make exceed their time limit.
beforeAll(() => void typeCheckBlock('export {}', []), 120_000)

const exercises = findPages().flatMap((file) => readPage(file).exercises)

describe('the site has exercises', () => {
  test('at least one', () => expect(exercises.length).toBeGreaterThan(0))
})

for (const exercise of exercises) {
  describe(`${exercise.file}:${exercise.line} (${exercise.name})`, () => {
    test('the starting code fails at least one test', async () => {
      const run = await runExercise(exercise, exercise.start)
      const passed = run.tests.filter((t) => t.status === 'pass').length
      expect(run.tests.length === 0 || passed < run.tests.length, 'every test passes with the starting code').toBe(true)
    })

    test('the solution passes every test', async () => {
      const run = await runExercise(exercise, exercise.solution)
      expect(run.errors).toEqual([])
      expect(run.tests.length).toBeGreaterThan(0)
      expect(run.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.error?.message}`)).toEqual([])
      expect(run.outcome).toBe('done')
    })

    test('the starting code, the solution and the tests type-check', () => {
      const at = (line: number) => (error: { line: number; column: number; message: string }) =>
        `${exercise.file}:${line + error.line - 1}:${error.column}: ${error.message}`
      expect(typeCheckBlock(exercise.start.code).map(at(exercise.start.codeLine))).toEqual([])
      expect(typeCheckBlock(exercise.solution.code).map(at(exercise.solution.codeLine))).toEqual([])
      expect(typeCheckBlock(exercise.tests.code, [exercise.solution.code]).map(at(exercise.tests.codeLine))).toEqual([])
    })
  })
}
