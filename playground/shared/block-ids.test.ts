/** Block ids come from each block's section, so share links survive edits elsewhere in the chapter. */
import { describe, expect, it } from 'vitest'
import { slugify } from './block-ids'
import { parseSnippets } from './snippets'

const page = (...lines: string[]) =>
  ['---', 'title: T', '# not a heading: front matter', '---', '', ...lines].join('\n')
const block = (code: string, options = '') => ['```ts runnable' + options, code, '```', '']
const ids = (source: string) => parseSnippets(source, 'p.mdx').blocks.map((b) => b.id)

const chapter = [
  ...block('a'),
  '## Defining an `Aggregate`!',
  'Prose.',
  ...block('b'),
  ...block('c', ' hidden'),
  ...block('d'),
  '```ts',
  '## not a heading: inside a fence',
  '```',
  '### Saving',
  ...block('e'),
  '## Saving',
  ...block('f'),
]

describe('block ids', () => {
  it('are the section heading’s slug and the ordinal among its displayed blocks', () => {
    expect(ids(page(...chapter))).toEqual([
      'top-1',
      'defining-an-aggregate-1',
      undefined,
      'defining-an-aggregate-2',
      'saving-1',
      'saving-1-1',
    ])
  })

  it('stay the same when prose, code, hidden blocks and other sections change', () => {
    // Given the chapter edited: prose added, a block's code changed, the hidden block removed, a block added to
    // the first section and one to the last
    const edited = [
      ...block('a'),
      ...block('new in the top section'),
      '## Defining an `Aggregate`!',
      'Longer prose.',
      '',
      'With a second paragraph.',
      ...block('b changed'),
      ...block('d'),
      '### Saving',
      ...block('e'),
      '## Saving',
      ...block('f'),
      ...block('new in the last section'),
    ]
    // Then the blocks of the sections that gained no block above them keep their ids
    expect(ids(page(...edited)).slice(2)).toEqual([
      'defining-an-aggregate-1',
      'defining-an-aggregate-2',
      'saving-1',
      'saving-1-1',
      'saving-1-2',
    ])
  })

  it('take an explicit id="…" option instead', () => {
    expect(ids(page('## Intro', ...block('a', ' id="first-dog"'), ...block('b')))).toEqual(['first-dog', 'intro-2'])
  })

  it('are exercise-<name> for an exercise', () => {
    const source = page(
      ...['```ts exercise="part-1" file="start"', 'x', '```'],
      ...['```ts exercise="part-1" file="solution"', 'x', '```'],
      ...['```ts exercise="part-1" file="tests"', 'x', '```'],
    )
    expect(parseSnippets(source, 'p.mdx').exercises[0]!.id).toBe('exercise-part-1')
  })

  it('refuse a malformed or repeated id, naming the file and line', () => {
    expect(() => parseSnippets(page(...block('a', ' id="Dog.1"')), 'p.mdx')).toThrow(
      'p.mdx:6: the id "Dog.1" is not a valid block id; use lower-case letters and digits joined by -.',
    )
    expect(() => parseSnippets(page(...block('a'), ...block('b', ' id="top-1"')), 'p.mdx')).toThrow(
      'p.mdx:10: the block id "top-1" is already the id of the block at line 6; give one of them another id="…".',
    )
  })
})

describe('slugify', () => {
  it('makes heading anchors as Starlight does', () => {
    expect(slugify('The `Dog` aggregate: events & state')).toBe('the-dog-aggregate-events--state')
    expect(slugify('Étape 2')).toBe('étape-2')
  })
})
