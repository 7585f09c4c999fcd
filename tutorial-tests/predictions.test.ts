/**
 * The "predict, then run" prompts of the tutorial tell the truth. A prompt is a live block without an output fence
 * (so the page does not give the answer away), followed by a closed `<details>` whose answer starts "It prints
 * `…`". The code spans of that first sentence, one a line, must be exactly what the block prints when it runs
 * after the earlier blocks of its group. Every chapter of the tutorial has at least one prompt.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT } from '@eventsourcing/playground/build'
import { normalizeOutput, type PageSnippets } from '@eventsourcing/playground/shared'
import { chainParts, findPages, readPage } from './support/pages'
import { runInNode } from './support/node-runner'

interface Prediction {
  /** The line of the `<details>` that holds the answer. */
  line: number
  /** What the answer says the block prints, one code span a line. */
  printed: string
}

/** The code spans of the sentence that starts "It prints", up to its first full stop outside a code span. */
export function printedSpans(answer: string): string[] | undefined {
  const start = answer.indexOf('It prints')
  if (start < 0) return undefined
  const spans: string[] = []
  let code: string | undefined
  for (const char of answer.slice(start)) {
    if (char === '`') {
      if (code === undefined) code = ''
      else {
        spans.push(code)
        code = undefined
      }
    } else if (code !== undefined) code += char
    else if (char === '.') break
  }
  return spans
}

/** The page's answers in `<details>` blocks, each with the live block above it. */
function predictionsOf(
  page: PageSnippets,
  source: string,
): { block: PageSnippets['blocks'][number]; prediction: Prediction }[] {
  const lines = source.split('\n')
  const found = []
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]!.trim() !== '<details>') continue
    const end = lines.findIndex((line, i) => i > index && line.trim() === '</details>')
    const spans = printedSpans(lines.slice(index, end).join('\n'))
    if (!spans) continue
    const line = index + 1
    const block = page.blocks.filter((b) => !b.hidden && b.line < line).at(-1)
    if (!block) throw new Error(`${page.file}:${line}: an answer with no live block above it.`)
    found.push({ block, prediction: { line, printed: spans.join('\n') } })
  }
  return found
}

const tutorial = findPages().filter((file) => file.includes('/tutorial/'))

for (const file of tutorial) {
  const source = readFileSync(path.join(ROOT, file), 'utf8')
  const page = readPage(file)
  const predictions = predictionsOf(page, source)

  describe(`${file}: predict, then run`, () => {
    test('the chapter has at least one prompt', () => {
      expect(predictions.length).toBeGreaterThan(0)
    })

    for (const { block, prediction } of predictions) {
      test(`${file}:${prediction.line} says what the block at line ${block.line} prints`, async () => {
        expect(block.expectedOutput, `${file}:${block.line}: an output fence would give the answer away`).toBe(
          undefined,
        )
        const { parts, labels } = chainParts(page, block)
        const run = await runInNode(parts, { labels, nodeOnly: block.nodeOnly })
        expect(run.errors.map((e) => e.message)).toEqual([])
        expect(run.outcome).toBe('done')
        expect(normalizeOutput(run.output(parts.length - 1))).toBe(normalizeOutput(prediction.printed))
      })
    }
  })
}

describe('printedSpans', () => {
  test('reads the code spans of the sentence that starts "It prints", even with full stops inside them', () => {
    expect(printedSpans('It prints `a.b`, then `[ 1 ]`. Not `this`.')).toEqual(['a.b', '[ 1 ]'])
    expect(printedSpans('No answer here.')).toBeUndefined()
  })
})
