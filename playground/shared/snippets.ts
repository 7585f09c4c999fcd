// Pure.
/**
 * Reads the live-code fences of a tutorial page. The site's Markdown plugin and `tutorial-tests` both call
 * `parseSnippets`, so what the page runs and what the tests run can never drift apart. Pure: no DOM, no fs.
 *
 * Fence syntax (the info string after the opening fence):
 *
 * - ```` ```ts runnable ```` a live block. Options: `group="name"` (blocks of one group build on each other;
 *   the default is one group per page), `node-only` (needs Node: shown with the command to run it locally,
 *   run by `tutorial-tests` in Node), `hidden` (setup code that runs in its chain but is not displayed),
 *   `id="name"` (the id share links use for the block, instead of the one derived from its section; see
 *   `block-ids.ts`).
 * - ```` ```text output ```` directly after a runnable block: the output it prints, compared by the tests.
 * - ```` ```ts exercise="name" file="start" ```` (and `file="solution"`, `file="tests"`): a graded exercise.
 * - ```` ```md exercise="name" hint ````: one hint of an exercise; hints open in page order.
 */
import { blockIds, EXPLICIT_ID, exerciseId, headings } from './block-ids'

/** One fenced code block of a Markdown page, with its 1-based line numbers. */
export interface Fence {
  /** The first word of the info string, lower-cased (`ts`, `text`, `md`). */
  lang: string
  /** The info string after the language. */
  meta: string
  /** The options parsed from `meta` (empty when they cannot be read; see `metaError`). */
  options: FenceOptions
  /** Why `meta` could not be read as options, if it could not (other tools' metas need not be readable). */
  metaError?: string
  /** The code between the fences, without the fences' indentation. */
  code: string
  /** The line of the opening fence. */
  line: number
  /** The line of the first line of code (`line + 1`). */
  codeLine: number
  /** The line of the closing fence (or of the last line, for an unclosed fence). */
  endLine: number
}

/** Options of a fence's meta string: `flag` gives `true`, `key="value"` gives the value. */
export type FenceOptions = Record<string, string | true>

/** A live code block, as the page shows it and the tests run it. */
export interface RunnableBlock {
  /** Position of the block among the page's runnable blocks (0-based, page order). */
  index: number
  /** The block's stable id, which share links name (`block-ids.ts`); hidden blocks have none. */
  id?: string
  /** The page's path, as given to `parseSnippets` (used in test names and error locations). */
  file: string
  /** The line of the opening fence. */
  line: number
  /** The line of the first line of code. */
  codeLine: number
  code: string
  /** The chain the block belongs to; blocks of one group run after the earlier blocks of that group. */
  group: string
  /** Setup code that runs in its chain but is not displayed. */
  hidden: boolean
  /** Needs Node (SQLite, PostgreSQL): not run in the browser. */
  nodeOnly: boolean
  /** The expected output fence that directly follows the block, if any. */
  expectedOutput?: { text: string; line: number }
}

/** One graded exercise of a page. */
export interface Exercise {
  name: string
  /** The exercise's stable id, which share links name: `exercise-<name>`. */
  id: string
  file: string
  /** The line of the `file="start"` fence. */
  line: number
  start: ExerciseFile
  solution: ExerciseFile
  tests: ExerciseFile
  /** Hints in page order, as Markdown. */
  hints: string[]
}

/** One code file of an exercise. */
export interface ExerciseFile {
  code: string
  line: number
  codeLine: number
}

/** The live-code content of one page. */
export interface PageSnippets {
  file: string
  blocks: RunnableBlock[]
  exercises: Exercise[]
}

/** A misused live-code fence; the message names the file and line. */
export class SnippetError extends Error {
  override name = 'SnippetError'
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: ${message}`)
  }
}

/** The group of blocks that declare none: one chain per page. */
export const DEFAULT_GROUP = 'default'

const RUNNABLE_OPTIONS = new Set(['runnable', 'group', 'node-only', 'hidden', 'id'])
const EXERCISE_OPTIONS = new Set(['exercise', 'file', 'hint'])
const EXERCISE_FILES = ['start', 'solution', 'tests'] as const
const TS_LANGS = new Set(['ts', 'typescript'])

/**
 * Parses a fence's meta string: `runnable group="dogs" hidden` gives `{ runnable: true, group: 'dogs', hidden: true }`.
 * @throws {Error} when a quoted value is not closed.
 */
export function parseMeta(meta: string): FenceOptions {
  const options: FenceOptions = {}
  const pattern = /([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?|(\S)/g
  for (const match of meta.matchAll(pattern)) {
    if (match[5] !== undefined) throw new Error(`Cannot read the fence options "${meta}" at "${match[5]}".`)
    const value = match[2] ?? match[3] ?? match[4]
    options[match[1]!] = value ?? true
  }
  return options
}

/** Finds every fenced code block of a Markdown or MDX page (CommonMark fences, backticks or tildes). */
export function parseFences(source: string): Fence[] {
  const lines = source.split(/\r?\n/)
  const fences: Fence[] = []
  let i = 0
  while (i < lines.length) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^`]*?)\s*$/.exec(lines[i]!)
    if (!open || (open[2]![0] === '`' && open[3]!.includes('`'))) {
      i++
      continue
    }
    const indent = open[1]!.length
    const marker = open[2]!
    const info = open[3]!
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`)
    const body: string[] = []
    let j = i + 1
    while (j < lines.length && !close.test(lines[j]!)) {
      body.push(lines[j]!.replace(new RegExp(`^ {0,${indent}}`), ''))
      j++
    }
    const [lang = '', ...rest] = info.split(/\s+/)
    const meta = rest.join(' ')
    let options: FenceOptions = {}
    let metaError: string | undefined
    try {
      options = parseMeta(meta)
    } catch (error) {
      metaError = (error as Error).message
    }
    fences.push({
      lang: lang.toLowerCase(),
      meta,
      options,
      ...(metaError ? { metaError } : {}),
      code: body.join('\n'),
      line: i + 1,
      codeLine: i + 2,
      endLine: Math.min(j + 1, lines.length),
    })
    i = j + 1
  }
  return fences
}

/** Whether a fence is a live block (` ```ts runnable `). */
export function isRunnableFence(fence: Fence): boolean {
  return fence.options['runnable'] === true
}

/** Whether a fence is the expected output of the block before it (` ```text output `). */
export function isOutputFence(fence: Fence): boolean {
  return fence.options['output'] === true
}

/** Whether a fence belongs to an exercise (` ```ts exercise="…" file="…" ` or ` ```md exercise="…" hint `). */
export function isExerciseFence(fence: Fence): boolean {
  return typeof fence.options['exercise'] === 'string'
}

/**
 * Reads the live blocks, expected outputs and exercises of a page.
 * @param source The page's Markdown or MDX text.
 * @param file The page's path, used in messages and test names (`tutorial/part-1.mdx`).
 * @throws {SnippetError} when a fence is misused: an unknown option, an output fence that follows no runnable
 *   block, a browser block that builds on a node-only block, an exercise without its start, solution or tests,
 *   or an id that is malformed or used twice.
 */
export function parseSnippets(source: string, file: string): PageSnippets {
  const fences = parseFences(source)
  const lines = source.split(/\r?\n/)
  const blocks: RunnableBlock[] = []
  const explicitIds = new Map<RunnableBlock, string>()
  const exercises = new Map<string, Partial<Record<(typeof EXERCISE_FILES)[number], ExerciseFile>> & Exercise>()
  let previous: { fence: Fence; block?: RunnableBlock } | undefined

  for (const fence of fences) {
    const fail = (message: string): never => {
      throw new SnippetError(message, file, fence.line)
    }
    if (fence.metaError && /\b(runnable|output|exercise)\b/.test(fence.meta)) fail(fence.metaError)
    if (isRunnableFence(fence)) {
      if (!TS_LANGS.has(fence.lang))
        fail(`a runnable block must be TypeScript (\`\`\`ts runnable), not "${fence.lang}".`)
      for (const key of Object.keys(fence.options)) {
        if (!RUNNABLE_OPTIONS.has(key)) {
          fail(`unknown option "${key}" on a runnable block; use ${[...RUNNABLE_OPTIONS].join(', ')}.`)
        }
      }
      const group = fence.options['group']
      if (group === true) fail('the group option needs a name: group="name".')
      const id = fence.options['id']
      if (id !== undefined && (typeof id !== 'string' || !EXPLICIT_ID.test(id))) {
        fail(`the id "${String(id)}" is not a valid block id; use lower-case letters and digits joined by -.`)
      }
      const block: RunnableBlock = {
        index: blocks.length,
        file,
        line: fence.line,
        codeLine: fence.codeLine,
        code: fence.code,
        group: typeof group === 'string' ? group : DEFAULT_GROUP,
        hidden: fence.options['hidden'] === true,
        nodeOnly: fence.options['node-only'] === true,
      }
      blocks.push(block)
      if (typeof id === 'string') explicitIds.set(block, id)
      previous = { fence, block }
      continue
    }
    if (isOutputFence(fence)) {
      const block = previous?.block
      const between = previous ? lines.slice(previous.fence.endLine, fence.line - 1) : []
      if (!block || between.some((text) => text.trim() !== '')) {
        fail('an output fence (```text output) must directly follow a runnable block (```ts runnable).')
      }
      if (block!.hidden) fail('a hidden block cannot show an expected output.')
      if (block!.expectedOutput) fail('a runnable block can have only one output fence.')
      block!.expectedOutput = { text: fence.code, line: fence.line }
      previous = { fence }
      continue
    }
    previous = { fence }
    if (isExerciseFence(fence)) readExerciseFence(fence, file, exercises)
  }

  for (const block of blocks) {
    if (block.nodeOnly) continue
    const nodeOnly = blocks.find((b) => b.group === block.group && b.index < block.index && b.nodeOnly)
    if (nodeOnly) {
      throw new SnippetError(
        `this block runs in the browser but builds on the node-only block at line ${nodeOnly.line}; ` +
          'give one of them its own group="…".',
        file,
        block.line,
      )
    }
  }

  const completed = [...exercises.values()].map((e) => completeExercise(e, file))
  assignIds(source, fences, blocks, explicitIds, completed, file)
  return { file, blocks, exercises: completed }
}

/** Gives blocks and exercises their stable ids (`block-ids.ts`). @throws {SnippetError} when two share an id. */
function assignIds(
  source: string,
  fences: Fence[],
  blocks: RunnableBlock[],
  explicitIds: Map<RunnableBlock, string>,
  exercises: Exercise[],
  file: string,
): void {
  const ids = blockIds(
    blocks.map((block) => {
      const explicit = explicitIds.get(block)
      return { line: block.line, hidden: block.hidden, ...(explicit ? { explicit } : {}) }
    }),
    headings(source, fences),
  )
  const lineOf = new Map<string, number>()
  const claim = (id: string, line: number) => {
    const other = lineOf.get(id)
    if (other !== undefined) {
      throw new SnippetError(
        `the block id "${id}" is already the id of the block at line ${other}; give one of them another id="…".`,
        file,
        line,
      )
    }
    lineOf.set(id, line)
  }
  blocks.forEach((block, i) => {
    const id = ids[i]
    if (id === undefined) return
    block.id = id
    claim(id, block.line)
  })
  for (const exercise of exercises) {
    exercise.id = exerciseId(exercise.name)
    claim(exercise.id, exercise.line)
  }
}

function readExerciseFence(
  fence: Fence,
  file: string,
  exercises: Map<string, Partial<Record<(typeof EXERCISE_FILES)[number], ExerciseFile>> & Exercise>,
): void {
  const fail = (message: string): never => {
    throw new SnippetError(message, file, fence.line)
  }
  for (const key of Object.keys(fence.options)) {
    if (!EXERCISE_OPTIONS.has(key)) fail(`unknown option "${key}" on an exercise fence; use exercise, file, hint.`)
  }
  const name = fence.options['exercise'] as string
  let exercise = exercises.get(name)
  if (!exercise) {
    exercise = { name, file, line: fence.line, hints: [] } as unknown as Exercise
    exercises.set(name, exercise)
  }
  if (fence.options['hint'] === true) {
    exercise.hints.push(fence.code)
    return
  }
  const kind = fence.options['file']
  if (typeof kind !== 'string' || !(EXERCISE_FILES as readonly string[]).includes(kind)) {
    fail(`an exercise fence needs file="start", file="solution" or file="tests" (or hint).`)
  }
  if (!TS_LANGS.has(fence.lang)) fail(`an exercise file must be TypeScript (\`\`\`ts), not "${fence.lang}".`)
  const key = kind as (typeof EXERCISE_FILES)[number]
  if (exercise[key]) fail(`exercise "${name}" already has a file="${key}" fence.`)
  exercise[key] = { code: fence.code, line: fence.line, codeLine: fence.codeLine }
  if (key === 'start') exercise.line = fence.line
}

function completeExercise(exercise: Partial<Exercise> & { name: string; line: number }, file: string): Exercise {
  for (const key of EXERCISE_FILES) {
    if (!exercise[key]) {
      throw new SnippetError(`exercise "${exercise.name}" has no file="${key}" fence.`, file, exercise.line)
    }
  }
  return exercise as Exercise
}

/** The blocks a block runs with: the earlier blocks of its group, then the block itself. */
export function chainOf(page: PageSnippets, block: RunnableBlock): RunnableBlock[] {
  return page.blocks.filter((b) => b.group === block.group && b.index <= block.index)
}

/** Normalises printed output for comparison: trailing whitespace of each line and trailing blank lines removed. */
export function normalizeOutput(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n+$/, '')
}
