/**
 * Part 1's "A project of your own" steps work: the shell block of `part-1.mdx` that copies `examples/dogschool/`
 * is run as written, line by line, with its target directory moved into a temporary directory. It packs the
 * library, installs the tarball (and the starter's other dependencies, from npm's cache or registry) into the copy,
 * and runs the starter's tests and type check. Two liberties, both said here: `npm run build:lib` is skipped when
 * `lib/dist` is already built (the root `npm test` builds it first, and rebuilding it would pull it from under the
 * other tests of the run), and npm is told to prefer its cache (`npm_config_prefer_offline`), which changes how
 * fast packages arrive, not which.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { parseFences } from '@eventsourcing/playground/shared'

const ROOT = path.resolve(import.meta.dirname, '..')
const PART_1 = 'docs/content/docs/tutorial/part-1.mdx'
/** Where Part 1's commands put the reader's copy; the test puts it in a temporary directory instead. */
const READER_DIRECTORY = '../dogschool'

const work = mkdtempSync(path.join(tmpdir(), 'eventsourcing-starter-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** The commands of Part 1's shell block that copies the starter, one a line, without comments. */
function starterCommands(): string[] {
  const fences = parseFences(readFileSync(path.join(ROOT, PART_1), 'utf8')).filter(
    (fence) => fence.lang === 'sh' && fence.code.includes('cp -r examples/dogschool'),
  )
  expect(fences, `${PART_1} has one sh block that copies examples/dogschool`).toHaveLength(1)
  return fences[0]!.code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

describe('the starter project of Part 1', () => {
  test('Part 1 installs the packed library and runs the tests of examples/dogschool', () => {
    const commands = starterCommands()
    const version = JSON.parse(readFileSync(path.join(ROOT, 'lib/package.json'), 'utf8')).version as string
    expect(commands).toEqual([
      'npm run build:lib',
      `cp -r examples/dogschool ${READER_DIRECTORY}`,
      `npm pack ./lib --pack-destination ${READER_DIRECTORY}`,
      `cd ${READER_DIRECTORY}`,
      `npm install ./eventsourcing-${version}.tgz`,
      'npm test',
      'npm run typecheck',
    ])
  })

  test('its commands, run as written, pass the starter tests and type check', { timeout: 180_000 }, () => {
    const target = path.join(work, 'dogschool')
    const script = starterCommands()
      .filter((command) => !(command === 'npm run build:lib' && existsSync(path.join(ROOT, 'lib/dist/index.js'))))
      .map((command) => command.replaceAll(READER_DIRECTORY, target))
      .join('\n')
    let output: string
    try {
      output = execFileSync('sh', ['-e', '-c', script], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          // The Node that runs this test (the repository's Node 24) runs npm and the starter's tools too.
          PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
          npm_config_prefer_offline: 'true',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
        },
      })
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string }
      throw new Error(`Part 1's starter commands failed:\n${script}\n\n${stdout ?? ''}\n${stderr ?? ''}`)
    }
    // eslint-disable-next-line no-control-regex
    expect(output.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+2 passed \(2\)/)
  })
})
