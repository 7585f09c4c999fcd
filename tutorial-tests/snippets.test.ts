/**
 * Every runnable block of the site, run as the page runs it: with the earlier blocks of its group, compiled by the
 * playground's compile module, in a fresh worker with the page's time limit. One test per block, named
 * `file.mdx:line`; a block with an output fence must print exactly that (trailing whitespace aside).
 */
import { describe, expect, test } from 'vitest'
import { normalizeOutput } from '@eventsourcing/playground/shared'
import { chainParts, findPages, readPage } from './support/pages'
import { runInNode, type NodeRun } from './support/node-runner'

function describeFailure(run: NodeRun): string {
  const lines = run.diagnostics.map((d) => `${d.message} (block ${d.part + 1}, line ${d.line}:${d.column})`)
  for (const error of run.errors) lines.push(error.stack || `${error.name}: ${error.message}`)
  for (const test of run.tests) {
    if (test.status !== 'pass') lines.push(`test "${test.name}" ${test.status}: ${test.error?.stack ?? ''}`)
  }
  if (run.outcome === 'timeout') lines.push('The run reached the time limit.')
  if (run.outcome === 'output-capped') lines.push('The run reached the output limit.')
  return lines.join('\n')
}

/** How long a block whose chain starts PostgreSQL (PGlite) may take: its first start takes seconds, and more on a loaded machine. */
const PGLITE_TEST_TIMEOUT_MS = 120_000

for (const file of findPages()) {
  const page = readPage(file)
  if (page.blocks.length === 0) continue
  describe(file, () => {
    for (const block of page.blocks) {
      const { parts, labels } = chainParts(page, block)
      const startsPglite = parts.some((part) => part.code.includes('eventsourcing/pglite'))
      test(`${file}:${block.line}`, { timeout: startsPglite ? PGLITE_TEST_TIMEOUT_MS : undefined }, async () => {
        const run = await runInNode(parts, { labels, nodeOnly: block.nodeOnly })
        const failedTests = run.tests.filter((t) => t.status !== 'pass')
        if (run.outcome !== 'done' || failedTests.length) {
          throw new Error(`${file}:${block.line}: the block did not run cleanly.\n${describeFailure(run)}`)
        }
        if (block.expectedOutput) {
          expect(
            normalizeOutput(run.output(parts.length - 1)),
            `${file}:${block.expectedOutput.line}: the output differs from the output fence`,
          ).toBe(normalizeOutput(block.expectedOutput.text))
        }
      })
    }
  })
}
