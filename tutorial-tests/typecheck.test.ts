/**
 * Every runnable block type-checks as the editor checks it (TypeScript 5.9.3, the editor's options, the
 * library's declarations, the earlier blocks of its chain as context): a block that shows red squiggles in the
 * page fails here, at its `file.mdx:line:column`.
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { chainOf } from '@eventsourcing/playground/shared'
import { findPages, readPage } from './support/pages'
import { typeCheckBlock } from './support/type-checker'

// The first check loads TypeScript and the library's declarations: do it before the timed tests, which on a
// busy machine it could make exceed their time limit.
beforeAll(() => void typeCheckBlock('export {}', []), 120_000)

for (const file of findPages()) {
  const page = readPage(file)
  if (page.blocks.length === 0) continue
  describe(file, () => {
    for (const block of page.blocks) {
      test(`${file}:${block.line}`, () => {
        const earlier = chainOf(page, block)
          .slice(0, -1)
          .map((b) => b.code)
        const errors = typeCheckBlock(block.code, earlier).map(
          (error) => `${file}:${block.codeLine + error.line - 1}:${error.column}: ${error.message}`,
        )
        expect(errors).toEqual([])
      })
    }
  })
}

describe('the type check', () => {
  test('reports an error in the reader’s block, knowing what earlier blocks define', () => {
    const earlier = [
      "import { Aggregate } from 'eventsourcing/domain'\n\nclass Box<T> extends Aggregate {\n  item?: T\n}\nconst count = 1",
    ]
    expect(
      typeCheckBlock('const box: Box<string> = new Box()\nconst n: number = count\nbox.item = 1', earlier),
    ).toEqual([{ line: 3, column: 1, message: "Type 'number' is not assignable to type 'string'." }])
  })

  test('knows node:assert/strict and vitest', () => {
    const code =
      "import assert from 'node:assert/strict'\nimport { test } from 'vitest'\n\ntest('x', () => assert.equal(1, 1))"
    expect(typeCheckBlock(code)).toEqual([])
  })
})
