/** The fence parser reads the fence syntax the chapters are written in, and refuses misused fences by file and line. */
import { describe, expect, it } from 'vitest'
import { parseMeta, parseSnippets, SnippetError } from './snippets'

const page = (...lines: string[]) => ['---', 'title: T', '---', '', ...lines].join('\n')

describe('parseSnippets', () => {
  it('reads runnable blocks with their group, flags, lines and output fence', () => {
    const { blocks } = parseSnippets(
      page(
        '```ts runnable',
        'const a = 1',
        '```',
        '',
        '```text output',
        '1  ',
        '```',
        '',
        '```ts runnable hidden group="setup"',
        'const b = 2',
        '```',
        '```ts runnable node-only',
        'console.log(a)',
        '```',
      ),
      'page.mdx',
    )
    expect(blocks).toEqual([
      {
        index: 0,
        id: 'top-1',
        file: 'page.mdx',
        line: 5,
        codeLine: 6,
        code: 'const a = 1',
        group: 'default',
        hidden: false,
        nodeOnly: false,
        expectedOutput: { text: '1  ', line: 9 },
      },
      {
        index: 1,
        file: 'page.mdx',
        line: 13,
        codeLine: 14,
        code: 'const b = 2',
        group: 'setup',
        hidden: true,
        nodeOnly: false,
      },
      {
        index: 2,
        id: 'top-2',
        file: 'page.mdx',
        line: 16,
        codeLine: 17,
        code: 'console.log(a)',
        group: 'default',
        hidden: false,
        nodeOnly: true,
      },
    ])
  })

  it('reads an exercise: start, solution, tests and hints in order', () => {
    const { exercises } = parseSnippets(
      page(
        '```ts exercise="dogs" file="start"',
        'class Dog {}',
        '```',
        '```md exercise="dogs" hint',
        'First hint.',
        '```',
        '```ts exercise="dogs" file="solution"',
        'class Dog { name = "x" }',
        '```',
        '```ts exercise="dogs" file="tests"',
        "test('t', () => {})",
        '```',
        '```md exercise="dogs" hint',
        'Second hint.',
        '```',
      ),
      'page.mdx',
    )
    expect(exercises).toHaveLength(1)
    expect(exercises[0]).toMatchObject({
      name: 'dogs',
      line: 5,
      start: { code: 'class Dog {}', codeLine: 6 },
      solution: { code: 'class Dog { name = "x" }' },
      tests: { code: "test('t', () => {})" },
      hints: ['First hint.', 'Second hint.'],
    })
  })

  it('ignores other fences, including ones with other tools’ meta', () => {
    expect(parseSnippets(page('```ts title="x.ts" {1,3} "mark"', 'x', '```'), 'p.mdx')).toEqual({
      file: 'p.mdx',
      blocks: [],
      exercises: [],
    })
  })

  const refusals: Array<[string, string[], string]> = [
    ['an output fence after no runnable block', ['```text output', 'x', '```'], 'p.mdx:5: an output fence'],
    ['an output fence after prose', ['```ts runnable', 'x', '```', 'Prose.', '```text output', 'x', '```'], 'p.mdx:9:'],
    ['an unknown option', ['```ts runnable grup="a"', 'x', '```'], 'unknown option "grup"'],
    ['a runnable block in another language', ['```js runnable', 'x', '```'], 'must be TypeScript'],
    [
      'an exercise without tests',
      ['```ts exercise="e" file="start"', 'x', '```', '```ts exercise="e" file="solution"', 'x', '```'],
      'has no file="tests"',
    ],
    [
      'a browser block after a node-only block',
      ['```ts runnable node-only', 'x', '```', '```ts runnable', 'y', '```'],
      'p.mdx:8: this block runs in the browser',
    ],
  ]
  for (const [name, lines, message] of refusals) {
    it(`refuses ${name}, naming the file and line`, () => {
      expect(() => parseSnippets(page(...lines), 'p.mdx')).toThrow(SnippetError)
      expect(() => parseSnippets(page(...lines), 'p.mdx')).toThrow(message)
    })
  }
})

describe('parseMeta', () => {
  it('reads flags and quoted or bare values', () => {
    expect(parseMeta(`runnable group="a b" file='x' n=3`)).toEqual({ runnable: true, group: 'a b', file: 'x', n: '3' })
  })
})
