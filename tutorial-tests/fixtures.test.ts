/**
 * Bad input gives a clear outcome and a message located in the reader's block: the small pages of
 * `fixtures/` run through the same compile and runner as the site's pages.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_OUTPUT_LINES, DEFAULT_TIME_LIMIT_MS } from '@eventsourcing/playground/shared'
import { chainParts, readPage } from './support/pages'
import { runInNode } from './support/node-runner'

async function runBlock(fixture: string, index: number, timeLimitMs?: number) {
  const page = readPage(`tutorial-tests/fixtures/${fixture}.mdx`)
  const { parts, labels } = chainParts(page, page.blocks[index]!)
  return runInNode(parts, { labels, nodeOnly: page.blocks[index]!.nodeOnly, ...(timeLimitMs ? { timeLimitMs } : {}) })
}

describe('the runner, given bad input', () => {
  it('runs for at most 5 s and prints at most 2,000 lines by default', () => {
    expect([DEFAULT_TIME_LIMIT_MS, DEFAULT_MAX_OUTPUT_LINES]).toEqual([5_000, 2_000])
  })

  it('stops an endless loop at the time limit, keeping the output printed before it', async () => {
    const run = await runBlock('infinite-loop', 0, 1_000)
    expect(run.outcome).toBe('timeout')
    expect(run.elapsedMs).toBeLessThan(3_000)
    expect(run.output(0)).toBe('before the loop')
  })

  it('stops an endless loop when its run is aborted, and reports that another run replaced it', async () => {
    // Given an endless loop, when a new run on the page aborts it (the reason the page gives)
    const controller = new AbortController()
    const page = readPage('tutorial-tests/fixtures/infinite-loop.mdx')
    const { parts, labels } = chainParts(page, page.blocks[0]!)
    const running = runInNode(parts, { labels, signal: controller.signal })
    setTimeout(() => controller.abort('new-run'), 500)
    const run = await running
    // then the worker is stopped long before the time limit, and the run says why
    expect(run.outcome).toBe('aborted')
    expect(run.elapsedMs).toBeLessThan(DEFAULT_TIME_LIMIT_MS)
    expect(run.events.at(-1)).toEqual({ type: 'aborted', reason: 'new-run' })
  })

  it('stops a flood of output at the output cap', async () => {
    const run = await runBlock('output-flood', 0)
    expect(run.outcome).toBe('output-capped')
    expect(run.output(0).split('\n')).toHaveLength(DEFAULT_MAX_OUTPUT_LINES)
  })

  it('reports a syntax error at its line in the block, without running anything', async () => {
    const run = await runBlock('syntax-error', 1)
    expect(run.outcome).toBe('compile-error')
    expect(run.diagnostics).toEqual([{ message: 'Unexpected end of file', part: 1, line: 2, column: 1 }])
  })

  it('names an unknown module and lists the modules the playground provides', async () => {
    const run = await runBlock('unknown-import', 0)
    expect(run.outcome).toBe('compile-error')
    expect(run.diagnostics).toHaveLength(1)
    expect(run.diagnostics[0]).toMatchObject({ part: 0, line: 2, column: 21 })
    expect(run.diagnostics[0]!.message).toMatch(
      /^Cannot find module 'left-pad'\. The playground provides 'eventsourcing',/,
    )
  })

  it('reports an unhandled rejection with the line that threw', async () => {
    const run = await runBlock('rejected-promise', 0)
    expect(run.outcome).toBe('failed')
    expect(run.output(0)).toBe('start')
    expect(run.events.find((e) => e.type === 'error')).toMatchObject({
      kind: 'unhandled-rejection',
      error: { name: 'Error', message: 'no dog here', part: 0, line: 2, column: 9 },
    })
  })

  it('reports a failed assertion at the reader’s line, with actual and expected, and the page position in the stack', async () => {
    const run = await runBlock('errors', 1)
    expect(run.outcome).toBe('failed')
    expect(run.output(1)).toBe('Fido')
    const [error] = run.errors
    expect(error).toMatchObject({ name: 'AssertionError', part: 1, line: 5, column: 8 })
    expect(error!.message).toBe("Expected values to be strictly equal:\n\n'Fido' !== 'Rex'\n")
    expect(error!.stack.split('\n').filter((line) => line.includes(' at '))).toEqual([
      '    at tutorial-tests/fixtures/errors.mdx:23:8',
    ])
  })

  it('reports a thrown error with every frame in the reader’s code', async () => {
    const run = await runBlock('errors', 2)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatchObject({ name: 'TypeError', message: 'boom', part: 0, line: 2, column: 9 })
    expect(run.errors[0]!.stack).toContain('at explode (tutorial-tests/fixtures/errors.mdx:28:9)')
  })

  it('runs a block after the hidden setup code of its chain', async () => {
    const run = await runBlock('hidden-setup', 1)
    expect(run.outcome).toBe('done')
    expect(run.output(1)).toBe('Hello, Fido')
  })

  it('runs a node-only block in Node with the real package', async () => {
    const run = await runBlock('node-only', 0)
    expect(run.errors).toEqual([])
    expect(run.outcome).toBe('done')
    expect(run.output(0)).toBe('function Application')
  })
})
