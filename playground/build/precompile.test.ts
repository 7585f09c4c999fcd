/** Programs compiled at build time run exactly what the browser would compile from the page's code. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { precompilePage, precompiledPath } from './precompile'
import { ROOT } from './runtime-modules'
import { compile } from '../compiler/compile'
import { playgroundModules, relocate } from '../compiler/modules'
import { chainOf, parseSnippets } from '../shared/snippets'
import { transform } from 'esbuild'

const FILE = 'docs/content/docs/tutorial/part-1.mdx'
const BASE = 'https://site.example/_astro/playground-0123456789/'

describe('precompilePage', () => {
  it('gives, once relocated, the program the browser compiles from the page’s code', async () => {
    const source = readFileSync(path.join(ROOT, FILE), 'utf8')
    const page = parseSnippets(source, FILE)
    const precompiled = await precompilePage(source, FILE)
    for (const block of page.blocks) {
      const compiled = await compile(
        chainOf(page, block).map((b) => ({ code: b.code })),
        { transform: (input, options) => transform(input, options), modules: playgroundModules(BASE) },
      )
      if (!compiled.ok) throw new Error(`${FILE}:${block.line} does not compile`)
      const program = precompiled.blocks[block.index]!
      expect(relocate(program.code, BASE)).toBe(compiled.program.code)
      expect(program.spans).toEqual(compiled.program.spans)
    }
  })

  it('is served at a path named after the page', () => {
    expect(precompiledPath('tutorial/part-1.mdx')).toBe('/playground-compiled/tutorial/part-1.json')
  })
})
