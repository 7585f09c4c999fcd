// Node only.
/**
 * Compiles, at build time, every chain a page can run without edits: each live block after the earlier blocks of
 * its group, and each exercise's starting code with its tests. The site serves the result as one JSON file per
 * page, fetched on the first Run, so that running a block as the page shows it needs no esbuild in the browser
 * (esbuild-wasm loads only once the reader edits). Same compile module and the same esbuild version as the
 * browser and `tutorial-tests`, so the output is the same.
 */
import { transform } from 'esbuild'
import { compile, type PrecompiledPage, type Transform } from '../compiler/compile'
import { playgroundModules, RUNTIME_PLACEHOLDER } from '../compiler/modules'
import { chainOf, parseSnippets } from '../shared/snippets'

const nativeTransform: Transform = (input, options) => transform(input, options)

/** Compiles the unedited chains of a page (blocks that do not compile are left out: the browser reports them). */
export async function precompilePage(source: string, file: string): Promise<PrecompiledPage> {
  const page = parseSnippets(source, file)
  const modules = playgroundModules(RUNTIME_PLACEHOLDER)
  const result: PrecompiledPage = { blocks: {}, exercises: {} }
  for (const block of page.blocks) {
    if (block.nodeOnly || block.hidden) continue
    const compiled = await compile(
      chainOf(page, block).map((b) => ({ code: b.code })),
      { transform: nativeTransform, modules },
    )
    if (compiled.ok) result.blocks[block.index] = compiled.program
  }
  for (const exercise of page.exercises) {
    const compiled = await compile([{ code: exercise.start.code }, { code: exercise.tests.code }], {
      transform: nativeTransform,
      modules,
    })
    if (compiled.ok) result.exercises[exercise.name] = compiled.program
  }
  return result
}

/** The URL path of a page's precompiled programs: `tutorial/part-1.mdx` → `/playground-compiled/tutorial/part-1.json`. */
export function precompiledPath(contentFile: string): string {
  return `/playground-compiled/${contentFile.replace(/\.mdx?$/, '')}.json`
}
