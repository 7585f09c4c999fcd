// Node only.
/**
 * The Markdown (Sätteri mdast) plugin that turns live-code fences into playground elements, using the same parser
 * as `tutorial-tests` (`snippets.ts`). The fence's code stays a normal code block inside the element, so
 * Expressive Code highlights it and it reads without JavaScript; the element's attributes carry what the browser
 * needs to run it (its code, group and position in the page). A misused fence fails the build with its file
 * and line. Runs in `astro build` and `astro dev`.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MdastPluginDefinition, PluginFactoryContext } from 'satteri'
import { messages } from '../shared/messages'
import { isExerciseFence, isOutputFence, parseFences, parseSnippets, type PageSnippets } from '../shared/snippets'
import { ROOT } from './runtime-modules'
import { precompiledPath } from './precompile'

type Node = {
  type: string
  data?: Record<string, unknown>
  children?: Node[]
  lang?: string | null
  meta?: string | null
  value?: string
}

/** The command a reader runs a node-only block with, in their own project. */
export const NODE_ONLY_COMMAND = 'npx tsx example.ts'

const element = (hName: string, hProperties: Record<string, unknown>, children: Node[] = []): Node => ({
  type: 'playgroundElement',
  data: { hName, hProperties },
  children,
})
const text = (value: string): Node => ({ type: 'text', value })
const code = (lang: string, value: string): Node => ({ type: 'code', lang, meta: null, value })

/** The plugin factory, for `satteri({ mdastPlugins: [playgroundMarkdownPlugin] })`. */
export function playgroundMarkdownPlugin(context: PluginFactoryContext): MdastPluginDefinition | undefined {
  if (!/```|~~~/.test(context.source) || !/\b(runnable|exercise)\b/.test(context.source)) return undefined
  const file = context.fileURL ? path.relative(ROOT, fileURLToPath(context.fileURL)) : 'page.mdx'
  const compiled = precompiledPath(file.replace(/^docs\/content\/docs\//, ''))
  const page: PageSnippets = parseSnippets(context.source, file)
  const blocksByLine = new Map(page.blocks.map((block) => [block.line, block]))
  const exercisesByLine = new Map(page.exercises.map((exercise) => [exercise.start.line, exercise]))
  const dropped = new Set(
    parseFences(context.source)
      .filter((fence) => isOutputFence(fence) || (isExerciseFence(fence) && fence.options['file'] !== 'start'))
      .map((fence) => fence.line),
  )

  return {
    name: 'eventsourcing-playground',
    options: { position: true },
    code(node, ctx) {
      const line = node.position?.start.line
      if (line === undefined) return undefined
      const block = blocksByLine.get(line)
      if (block) {
        const properties = {
          ...(block.id ? { 'data-block-id': block.id } : {}),
          'data-group': block.group,
          'data-index': String(block.index),
          'data-line': String(block.line),
          'data-code': block.code,
          'data-compiled': compiled,
        }
        if (block.hidden) return element('es-snippet', { ...properties, hidden: true }) as never
        const children: Node[] = [code('ts', block.code)]
        if (block.nodeOnly) {
          children.push(element('p', { class: 'es-node-only' }, [text(messages.nodeOnly(NODE_ONLY_COMMAND))]))
        }
        if (block.expectedOutput) {
          children.push(
            element('div', { class: 'es-expected' }, [
              element('p', { class: 'es-expected-label' }, [text(messages.expectedOutput)]),
              code('text', block.expectedOutput.text),
            ]),
          )
        }
        return element(
          'es-playground',
          { ...properties, ...(block.nodeOnly ? { 'data-node-only': '' } : {}) },
          children,
        ) as never
      }
      const exercise = exercisesByLine.get(line)
      if (exercise) {
        return element(
          'es-exercise',
          {
            'data-exercise': exercise.name,
            'data-block-id': exercise.id,
            'data-page': file,
            'data-compiled': compiled,
            'data-start': exercise.start.code,
            'data-solution': exercise.solution.code,
            'data-tests': exercise.tests.code,
            'data-hints': JSON.stringify(exercise.hints),
          },
          [
            code('ts', exercise.start.code),
            element('details', { class: 'es-tests' }, [
              element('summary', {}, [text(messages.testsLabel)]),
              code('ts', exercise.tests.code),
            ]),
          ],
        ) as never
      }
      // The other fences of a live block or an exercise are in the elements above; drop them here.
      if (dropped.has(line)) ctx.removeNode(node)
      return undefined
    },
  }
}
