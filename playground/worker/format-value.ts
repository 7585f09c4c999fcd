// Worker.
/**
 * Prints values the way Node's `util.inspect` does (default options, no colours), so that what a reader sees in
 * the page is what the same code prints in their own Node project: class names, nested objects to depth 2,
 * arrays (grouped in columns when long), Dates, Maps, Sets, typed arrays, errors, circular references, and
 * Node's rule for breaking long output over lines. `formatArgs` is `console.log`'s `util.format`.
 */

/** Options of `formatValue`. */
export interface FormatOptions {
  /** How many levels of nesting to show before printing `[Object]`. @default 2 */
  depth?: number
  /** The line length past which output breaks over several lines. @default 80 */
  breakLength?: number
  /** Rewrites an error's stack before it is printed (the runner maps generated positions to the reader's code). */
  formatStack?: (error: Error) => string
}

interface Context {
  depth: number
  breakLength: number
  compact: number
  indentationLvl: number
  currentDepth: number
  seen: object[]
  circular: Map<object, number>
  formatStack: (error: Error) => string
}

const MAX_ARRAY_LENGTH = 100
const MAX_STRING_LENGTH = 10_000

/** Prints a value as `util.inspect(value)` does. */
export function formatValue(value: unknown, options: FormatOptions = {}): string {
  const ctx: Context = {
    depth: options.depth ?? 2,
    breakLength: options.breakLength ?? 80,
    compact: 3,
    indentationLvl: 0,
    currentDepth: 0,
    seen: [],
    circular: new Map(),
    formatStack: options.formatStack ?? ((error) => error.stack ?? String(error)),
  }
  return format(ctx, value, 0)
}

/** Joins `console.log`'s arguments as `util.format` does: `%s %d %i %f %j %o %O %c %%`, then the rest by spaces. */
export function formatArgs(args: readonly unknown[], options: FormatOptions = {}): string {
  const parts: string[] = []
  let index = 0
  const first = args[0]
  if (typeof first === 'string' && args.length > 1 && first.includes('%')) {
    index = 1
    parts.push(
      first.replace(/%([sdifjoOc%])/g, (match, kind: string) => {
        if (kind === '%') return '%'
        if (index >= args.length) return match
        const arg = args[index++]
        switch (kind) {
          case 's':
            if (typeof arg === 'bigint') return `${arg}n`
            if (typeof arg === 'object' && arg !== null) return formatValue(arg, { ...options, depth: 0 })
            return typeof arg === 'symbol' ? arg.toString() : String(arg)
          case 'd':
          case 'i': {
            if (typeof arg === 'bigint') return `${arg}n`
            if (typeof arg === 'symbol') return 'NaN'
            const number = Number(arg)
            return formatNumber(kind === 'i' ? Math.trunc(number) : number)
          }
          case 'f':
            return typeof arg === 'symbol' ? 'NaN' : formatNumber(parseFloat(String(arg)))
          case 'j':
            try {
              return JSON.stringify(arg) ?? 'undefined'
            } catch {
              return '[Circular]'
            }
          case 'c':
            return ''
          default:
            return formatValue(arg, options)
        }
      }),
    )
  }
  for (; index < args.length; index++) {
    const arg = args[index]
    parts.push(typeof arg === 'string' ? arg : formatValue(arg, options))
  }
  return parts.join(' ')
}

function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value)
}

function format(ctx: Context, value: unknown, recurseTimes: number): string {
  switch (typeof value) {
    case 'string':
      return quote(truncate(value))
    case 'number':
      return formatNumber(value)
    case 'bigint':
      return `${value}n`
    case 'boolean':
      return String(value)
    case 'undefined':
      return 'undefined'
    case 'symbol':
      return value.toString()
    default:
      if (value === null) return 'null'
      return formatObject(ctx, value as object, recurseTimes)
  }
}

function truncate(text: string): string {
  return text.length > MAX_STRING_LENGTH
    ? `${text.slice(0, MAX_STRING_LENGTH)}'... ${text.length - MAX_STRING_LENGTH} more characters`
    : text
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' }

/** Quotes a string as Node does: single quotes, or double quotes or backticks to avoid escaping. */
function quote(text: string): string {
  let mark = "'"
  if (text.includes("'")) {
    if (!text.includes('"')) mark = '"'
    else if (!text.includes('`') && !text.includes('${')) mark = '`'
  }
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  const escaped = text.replace(/[\\\n\t\r\b\f\v\x00-\x1f\x7f]/g, (char) => {
    if (char === '\\') return '\\\\'
    return ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`
  })
  return mark + (mark === "'" ? escaped.replace(/'/g, "\\'") : escaped) + mark
}

function formatKey(key: string | symbol): string {
  if (typeof key === 'symbol') return key.toString()
  return /^[a-zA-Z_$][\w$]*$/.test(key) ? key : quote(key)
}

function constructorName(value: object): string | null {
  let proto: object | null = value
  while (proto) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'constructor')
    if (descriptor && typeof descriptor.value === 'function' && descriptor.value.name !== '') {
      return descriptor.value.name as string
    }
    proto = Object.getPrototypeOf(proto)
  }
  return null
}

function prefix(name: string | null, fallback: string, size = ''): string {
  if (name === null) return `[${fallback}${size}: null prototype] `
  return `${name}${size} `
}

function formatObject(ctx: Context, value: object, recurseTimes: number): string {
  if (ctx.seen.includes(value)) {
    let index = ctx.circular.get(value)
    if (index === undefined) {
      index = ctx.circular.size + 1
      ctx.circular.set(value, index)
    }
    return `[Circular *${index}]`
  }
  const name = constructorName(value)
  if (recurseTimes > ctx.depth) {
    if (Array.isArray(value)) return '[Array]'
    return `[${name ?? 'Object: null prototype'}]`
  }
  recurseTimes += 1
  ctx.seen.push(value)
  ctx.currentDepth = recurseTimes
  let output: string[] = []
  let base = ''
  let braces: [string, string] = ['{', '}']
  let isArrayLike = false
  let keys = ownKeys(value)

  if (Array.isArray(value)) {
    isArrayLike = true
    braces = [name === 'Array' ? '[' : `${prefix(name, 'Array', `(${value.length})`)}[`, ']']
    keys = keys.filter((key) => typeof key === 'symbol' || !isIndex(key))
    if (value.length === 0 && keys.length === 0) return done(ctx, `${braces[0]}]`)
    output = formatArrayItems(ctx, value, recurseTimes)
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    isArrayLike = true
    const items = value as unknown as ArrayLike<number | bigint>
    braces = [`${prefix(name, 'TypedArray', `(${items.length})`)}[`, ']']
    keys = keys.filter((key) => typeof key === 'symbol' || !isIndex(key))
    if (items.length === 0 && keys.length === 0) return done(ctx, `${braces[0]}]`)
    output = formatArrayItems(ctx, Array.from(items), recurseTimes)
  } else if (value instanceof Map) {
    braces = [`${prefix(name, 'Map', `(${value.size})`)}{`, '}']
    if (value.size === 0 && keys.length === 0) return done(ctx, `${braces[0]}}`)
    ctx.indentationLvl += 2
    for (const [k, v] of value) output.push(`${format(ctx, k, recurseTimes)} => ${format(ctx, v, recurseTimes)}`)
    ctx.indentationLvl -= 2
  } else if (value instanceof Set) {
    braces = [`${prefix(name, 'Set', `(${value.size})`)}{`, '}']
    if (value.size === 0 && keys.length === 0) return done(ctx, `${braces[0]}}`)
    ctx.indentationLvl += 2
    for (const v of value) output.push(format(ctx, v, recurseTimes))
    ctx.indentationLvl -= 2
  } else if (typeof value === 'function') {
    base = functionBase(value as (...args: unknown[]) => unknown, name)
    keys = keys.filter((key) => !['length', 'name', 'prototype'].includes(key as string))
    if (keys.length === 0) return done(ctx, base)
  } else if (value instanceof Error) {
    base = errorBase(ctx, value)
    keys = keys.filter((key) => key !== 'stack' && key !== 'message' && key !== 'cause')
    if ('cause' in value && Object.getOwnPropertyDescriptor(value, 'cause')?.enumerable === false) {
      keys.push('cause')
    }
    if (keys.length === 0) return done(ctx, base)
  } else if (value instanceof Date) {
    base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
    if (name !== 'Date') base = `${prefix(name, 'Date').trimEnd()} ${base}`
    if (keys.length === 0) return done(ctx, base)
  } else if (value instanceof RegExp) {
    base = String(value)
    if (keys.length === 0) return done(ctx, base)
  } else if (value instanceof Promise) {
    braces = [`${prefix(name, 'Promise')}{`, '}']
    output.push('<pending>')
  } else if (value instanceof WeakMap || value instanceof WeakSet) {
    return done(ctx, `${prefix(name, 'Object')}{ <items unknown> }`)
  } else if (value instanceof ArrayBuffer) {
    const bytes = [...new Uint8Array(value).slice(0, 50)].map((b) => b.toString(16).padStart(2, '0'))
    const more = value.byteLength > 50 ? ` ... ${value.byteLength - 50} more bytes` : ''
    braces = [`${prefix(name, 'ArrayBuffer')}{`, '}']
    output.push(`[Uint8Contents]: <${bytes.join(' ')}${more}>`, `byteLength: ${value.byteLength}`)
  } else {
    const tag = (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag]
    const label = typeof tag === 'string' && tag !== '' && tag !== name ? `${name ?? 'Object'} [${tag}]` : name
    braces[0] = name === 'Object' && label === name ? '{' : `${prefix(label, 'Object')}{`
    if (keys.length === 0) return done(ctx, name === 'Object' && label === name ? '{}' : `${braces[0]}}`)
  }

  for (const key of keys) output.push(formatProperty(ctx, value, key, recurseTimes))
  const result = reduceToSingleString(ctx, output, base, braces, isArrayLike, recurseTimes, value)
  return done(ctx, result)
}

function done(ctx: Context, result: string): string {
  const value = ctx.seen.pop()
  if (value !== undefined) {
    const index = ctx.circular.get(value)
    if (index !== undefined) return `<ref *${index}> ${result}`
  }
  return result
}

function ownKeys(value: object): Array<string | symbol> {
  const keys: Array<string | symbol> = Object.keys(value)
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.getOwnPropertyDescriptor(value, symbol)?.enumerable) keys.push(symbol)
  }
  return keys
}

function isIndex(key: string | symbol): boolean {
  return typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key)
}

function formatArrayItems(ctx: Context, items: readonly unknown[], recurseTimes: number): string[] {
  const output: string[] = []
  const shown = Math.min(items.length, MAX_ARRAY_LENGTH)
  let holes = 0
  for (let i = 0; i < shown; i++) {
    if (!(i in items)) {
      holes++
      continue
    }
    if (holes) {
      output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`)
      holes = 0
    }
    ctx.indentationLvl += 2
    output.push(format(ctx, items[i], recurseTimes))
    ctx.indentationLvl -= 2
  }
  if (holes) output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`)
  if (items.length > shown) {
    const more = items.length - shown
    output.push(`... ${more} more item${more > 1 ? 's' : ''}`)
  }
  return output
}

function formatProperty(ctx: Context, value: object, key: string | symbol, recurseTimes: number): string {
  const descriptor = Object.getOwnPropertyDescriptor(value, key) ?? {
    value: (value as Record<string | symbol, unknown>)[key],
    enumerable: true,
  }
  let text: string
  if ('value' in descriptor) {
    ctx.indentationLvl += 2
    text = format(ctx, descriptor.value, recurseTimes)
    ctx.indentationLvl -= 2
  } else if (descriptor.get) {
    text = descriptor.set ? '[Getter/Setter]' : '[Getter]'
  } else {
    text = descriptor.set ? '[Setter]' : 'undefined'
  }
  const name = descriptor.enumerable === false ? `[${formatKey(key)}]` : formatKey(key)
  return `${name}: ${text}`
}

function functionBase(fn: (...args: unknown[]) => unknown, name: string | null): string {
  const source = Function.prototype.toString.call(fn)
  if (source.startsWith('class') && /^class\b/.test(source)) {
    const parent = Object.getPrototypeOf(fn) as { name?: string } | null
    const extendsClause = parent && parent !== Function.prototype && parent.name ? ` extends ${parent.name}` : ''
    return `[class ${fn.name || '(anonymous)'}${extendsClause}]`
  }
  const kind =
    name === 'AsyncFunction' || name === 'GeneratorFunction' || name === 'AsyncGeneratorFunction' ? name : 'Function'
  return fn.name ? `[${kind}: ${fn.name}]` : `[${kind} (anonymous)]`
}

function errorBase(ctx: Context, error: Error): string {
  let stack: string
  try {
    stack = ctx.formatStack(error)
  } catch {
    stack = error.stack ?? ''
  }
  if (!stack) stack = `[${String(error)}]`
  if (ctx.indentationLvl !== 0) {
    const indentation = ' '.repeat(ctx.indentationLvl)
    stack = stack.replace(/\n/g, `\n${indentation}`)
  }
  return stack
}

function reduceToSingleString(
  ctx: Context,
  output: string[],
  base: string,
  braces: [string, string],
  isArrayLike: boolean,
  recurseTimes: number,
  value: object,
): string {
  const entries = output.length
  if (isArrayLike && entries > 6) output = groupArrayElements(ctx, output, value as unknown[])
  if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(', ')
      if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentationLvl)}`
  return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`
}

function isBelowBreakLength(ctx: Context, output: string[], start: number, base: string): boolean {
  let totalLength = output.length + start
  if (totalLength + output.length > ctx.breakLength) return false
  for (const entry of output) {
    totalLength += entry.length
    if (totalLength > ctx.breakLength) return false
  }
  return base === '' || !base.includes('\n')
}

function groupArrayElements(ctx: Context, output: string[], value: readonly unknown[]): string[] {
  let totalLength = 0
  let maxLength = 0
  const outputLength = output.length - (output.at(-1)?.startsWith('... ') ? 1 : 0)
  const separatorSpace = 2
  const dataLength: number[] = []
  for (let i = 0; i < outputLength; i++) {
    const length = output[i]!.length
    dataLength.push(length)
    totalLength += length + separatorSpace
    if (maxLength < length) maxLength = length
  }
  const actualMax = maxLength + separatorSpace
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length)
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1)
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    )
    if (columns <= 1) return output
    const maxLineLength: number[] = []
    for (let i = 0; i < columns; i++) {
      let lineLength = 0
      for (let j = i; j < outputLength; j += columns) lineLength = Math.max(lineLength, dataLength[j]!)
      maxLineLength.push(lineLength + separatorSpace)
    }
    const padStart = value.every((item) => typeof item === 'number' || typeof item === 'bigint')
    const grouped: string[] = []
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength)
      let line = ''
      let j = i
      for (; j < max - 1; j++) {
        const cell = `${output[j]}, `
        line += padStart ? cell.padStart(maxLineLength[j - i]!, ' ') : cell.padEnd(maxLineLength[j - i]!, ' ')
      }
      line += padStart ? output[j]!.padStart(maxLineLength[j - i]! - separatorSpace, ' ') : output[j]!
      grouped.push(line)
    }
    if (outputLength < output.length) grouped.push(output.at(-1)!)
    return grouped
  }
  return output
}
