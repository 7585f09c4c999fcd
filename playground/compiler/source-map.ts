// Pure.
/**
 * Reads esbuild's source maps, to turn a position in compiled code (from a stack trace) back into a position in
 * the program the blocks were joined into. A few lines of VLQ decoding instead of a dependency, because it runs
 * in every run's worker.
 */

/** One mapping: generated column, then the original line and column (all 0-based). */
type Segment = readonly [generatedColumn: number, line: number, column: number]

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGITS = new Map([...BASE64].map((char, index) => [char, index]))

/** Decodes the `mappings` of a source map with one source into segments per generated line. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = []
  let line = 0
  let column = 0
  for (const text of mappings.split(';')) {
    const segments: Segment[] = []
    let generated = 0
    for (const field of text.split(',')) {
      if (!field) continue
      const values = decodeVlq(field)
      generated += values[0]!
      if (values.length >= 4) {
        line += values[2]!
        column += values[3]!
        segments.push([generated, line, column])
      }
    }
    lines.push(segments)
  }
  return lines
}

function decodeVlq(field: string): number[] {
  const values: number[] = []
  let value = 0
  let shift = 0
  for (const char of field) {
    const digit = DIGITS.get(char) ?? 0
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1)
      value = 0
      shift = 0
    }
  }
  return values
}

/**
 * The original position of a generated position, both with 1-based lines and columns.
 * Returns `undefined` when the generated line has no mapping.
 */
export function originalPosition(
  lines: Segment[][],
  line: number,
  column: number,
): { line: number; column: number } | undefined {
  const segments = lines[line - 1]
  if (!segments?.length) return undefined
  let found = segments[0]!
  for (const segment of segments) {
    if (segment[0] > column - 1) break
    found = segment
  }
  return { line: found[1] + 1, column: found[2] + 1 + Math.max(0, column - 1 - found[0]) }
}
