// Worker.
/**
 * Turns errors thrown by a compiled chain into errors about the reader's blocks: stack positions in the compiled
 * module are mapped through its source map and the chain's spans to `this block:3:7`, the runtime modules' URLs
 * become their specifiers, and the runtime's own frames are dropped. Used inside the run's worker.
 */
import { decodeMappings, originalPosition } from '../compiler/source-map'
import { locateInParts } from '../compiler/program'
import { formatValue } from './format-value'
import type { RunRequest, SerializedError } from '../shared/protocol'

/** Maps positions and names of one run. */
export interface StackMapper {
  /** The error as data, located in the blocks. */
  serialize(error: unknown): SerializedError
  /** The error's stack with positions in the blocks, for printing. */
  formatStack(error: Error): string
  /** Replaces the program's and runtime modules' URLs in a text with readable names. */
  rename(text: string): string
}

const FRAME_POSITION = /\(?((?:blob:|file:|https?:|data:)[^\s()]*?):(\d+):(\d+)\)?\s*$/

/**
 * A mapper for the run of `request`, whose program was loaded from `programUrl`; `aliases` maps the URLs modules
 * were imported from to the URLs `request` names them by, where they differ (the sandbox's `blob:` URLs).
 */
export function createStackMapper(
  request: RunRequest,
  programUrl: string,
  aliases: ReadonlyMap<string, string> = new Map(),
): StackMapper {
  let lines: ReturnType<typeof decodeMappings> | undefined
  const locate = (line: number, column: number) => {
    lines ??= decodeMappings((JSON.parse(request.map) as { mappings: string }).mappings)
    const original = originalPosition(lines, line, column)
    return original && locateInParts(request.spans, original.line, original.column)
  }
  const label = (part: number, line: number, column: number) => {
    const name = request.labels[part] ?? { label: `block ${part + 1}`, lineOffset: 0 }
    return `${name.label}:${name.lineOffset + line}:${column}`
  }
  const rename = (text: string) => {
    let result = text.split(programUrl).join('the program')
    for (const [alias, url] of aliases) result = result.split(alias).join(url)
    for (const [url, specifier] of Object.entries(request.moduleNames)) {
      result = result.split(url).join(specifier ?? 'the playground')
    }
    return result
  }

  function mapFrames(stack: string): { frames: string[]; first?: { part: number; line: number; column: number } } {
    const frames: string[] = []
    let first: { part: number; line: number; column: number } | undefined
    for (const frame of stack.split('\n')) {
      if (!/^\s+at /.test(frame)) continue
      const match = FRAME_POSITION.exec(frame)
      if (!match) continue
      const [whole, frameUrl] = match
      const url = aliases.get(frameUrl!) ?? frameUrl
      if (url === programUrl) {
        const position = locate(Number(match[2]), Number(match[3]))
        if (!position) continue
        first ??= position
        const where = label(position.part, position.line, position.column)
        frames.push(frame.replace(whole!, whole!.startsWith('(') ? `(${where})` : where))
      } else {
        const specifier = request.moduleNames[url!]
        if (specifier) frames.push(frame.replace(whole!, whole!.startsWith('(') ? `(${specifier})` : specifier))
      }
    }
    return { frames, ...(first ? { first } : {}) }
  }

  function split(error: Error): { header: string; frames: string } {
    const stack = typeof error.stack === 'string' ? error.stack : ''
    const at = stack.search(/\n\s+at /)
    const header = `${error.name}: ${error.message}`
    return {
      header: stack.startsWith(header) || at < 0 ? header : stack.slice(0, at),
      frames: at < 0 ? '' : stack.slice(at),
    }
  }

  return {
    rename,
    formatStack(error) {
      const { header, frames } = split(error)
      const mapped = mapFrames(frames).frames
      return rename([header, ...mapped].join('\n'))
    },
    serialize(error) {
      if (!(error instanceof Error) && !(typeof error === 'object' && error !== null && 'stack' in error)) {
        return { name: 'Error', message: formatValue(error), stack: '' }
      }
      const value = error as Error
      const { header, frames } = split(value)
      const mapped = mapFrames(frames)
      return {
        name: String(value.name),
        message: rename(String(value.message)),
        stack: rename([header, ...mapped.frames].join('\n')),
        ...(mapped.first ? { part: mapped.first.part, line: mapped.first.line, column: mapped.first.column } : {}),
      }
    },
  }
}
