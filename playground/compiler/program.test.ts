/** Joining a chain keeps every block's lines where they were, and hoists imports without declaring a name twice. */
import { describe, expect, it } from 'vitest'
import { assembleProgram, locateInParts } from './program'
import { playgroundModules, unknownModuleMessage } from './modules'

const modules = playgroundModules('https://site/runtime/')
const options = { resolve: (s: string) => modules[s], unknownModule: (s: string) => unknownModuleMessage(s, modules) }

describe('assembleProgram', () => {
  it('hoists and deduplicates imports onto line 1, rewritten to the runtime modules', () => {
    const program = assembleProgram(
      [
        { code: "import { Aggregate, event } from 'eventsourcing/domain'\nclass A extends Aggregate {}" },
        {
          code: "import { Aggregate } from 'eventsourcing/domain'\nimport assert from 'node:assert/strict'\nassert(A)",
        },
      ],
      options,
    )
    expect(program.diagnostics).toEqual([])
    expect(program.code.split('\n')).toEqual([
      'import { Aggregate, event } from "https://site/runtime/eventsourcing-domain.js"; import assert from "https://site/runtime/node-assert-strict.js";',
      '__esBlock(0);' + ' '.repeat(55),
      'class A extends Aggregate {}',
      '__esBlock(1);' + ' '.repeat(48),
      ' '.repeat(39),
      'assert(A)',
      '',
    ])
    expect(locateInParts(program.spans, 6, 3)).toEqual({ part: 1, line: 3, column: 3 })
    expect(locateInParts(program.spans, 2, 20)).toEqual({ part: 0, line: 1, column: 7 })
  })

  it('places blocks at their page lines when asked, so program lines are page lines', () => {
    const program = assembleProgram(
      [
        { code: 'a()', line: 5 },
        { code: 'b()', line: 9 },
      ],
      options,
    )
    expect(program.code.split('\n')[4]).toBe('__esBlock(0);a()')
    expect(program.code.split('\n')[8]).toBe('__esBlock(1);b()')
  })

  it('names an unknown module at its position, and refuses a name imported twice from different places', () => {
    const program = assembleProgram(
      [{ code: "import { x } from './x'" }, { code: "\nimport { Aggregate as x } from 'eventsourcing'" }],
      options,
    )
    expect(program.diagnostics).toEqual([
      expect.objectContaining({
        part: 0,
        line: 1,
        column: 19,
        message: expect.stringContaining("Cannot find module './x'"),
      }),
    ])
    const clash = assembleProgram(
      [
        { code: "import { Aggregate as x } from 'eventsourcing'" },
        { code: "\nimport { event as x } from 'eventsourcing'" },
      ],
      options,
    )
    expect(clash.diagnostics).toEqual([
      {
        part: 1,
        line: 2,
        column: 1,
        message: "'x' is already imported from 'eventsourcing' by an earlier block; import it under another name.",
      },
    ])
  })
})
