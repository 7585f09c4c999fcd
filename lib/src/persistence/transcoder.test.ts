import { describe, expect, it } from 'vitest'
import { JSONTranscoder } from './transcoder.js'
import { TranscodingError } from './errors.js'
import { ProgrammingError } from '../utils/errors.js'

const roundTrip = (transcoder: JSONTranscoder, value: unknown) => transcoder.decode(transcoder.encode(value))

describe('JSONTranscoder', () => {
  it('round-trips JSON values, nested objects and arrays', () => {
    const value = { name: 'Fido', tricks: ['sit', { nested: [1, 2.5, null, true] }], empty: {} }
    expect(roundTrip(new JSONTranscoder(), value)).toEqual(value)
  })

  it('round-trips Dates, Maps, Sets, bytes, bigints, undefined and non-finite numbers', () => {
    const value = {
      when: new Date('2026-11-26T12:00:00.000Z'),
      scores: new Map([['a', 1]]),
      tags: new Set(['x', 'y']),
      bytes: new Uint8Array([0, 255, 7]),
      big: 12345678901234567890n,
      missing: undefined,
      infinite: -Infinity,
      notANumber: NaN,
    }
    const decoded = roundTrip(new JSONTranscoder(), value) as typeof value
    expect(decoded).toStrictEqual(value)
    expect(decoded.when).toBeInstanceOf(Date)
  })

  it('keeps a plain object that has its own "_type_" key as it was', () => {
    const value = { _type_: 'datetime', _data_: 'not a date' }
    expect(roundTrip(new JSONTranscoder(), value)).toEqual(value)
  })

  it('round-trips a custom type through a registered transcoding, also inside collections', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const transcoder = new JSONTranscoder()
    transcoder.register({
      name: 'point',
      type: Point,
      encode: (p: Point) => [p.x, p.y],
      decode: ([x, y]) => new Point(x, y),
    })
    const decoded = roundTrip(transcoder, { path: [new Point(1, 2), new Point(3, 4)] }) as { path: Point[] }
    expect(decoded.path[1]).toBeInstanceOf(Point)
    expect(decoded.path[1]).toEqual(new Point(3, 4))
  })

  it('refuses a value it cannot store, naming where it is', () => {
    class Unknown {}
    expect(() => new JSONTranscoder().encode({ a: { b: [new Unknown()] } })).toThrowErrorMatchingInlineSnapshot(
      `[TranscodingError: Cannot store an instance of Unknown at 'a.b[0]': event fields must be JSON values, Dates, Maps, Sets, Uint8Arrays, bigints, or instances of a class with a registered transcoding (see JSONTranscoder.register).]`,
    )
    expect(() => new JSONTranscoder().encode({ f: () => 1 })).toThrow(TranscodingError)
  })

  it('refuses corrupt bytes and unknown tags with a TranscodingError', () => {
    const transcoder = new JSONTranscoder()
    expect(() => transcoder.decode(new Uint8Array([0xff, 0xfe]))).toThrow(/not valid UTF-8 JSON/)
    expect(() => transcoder.decode(new TextEncoder().encode('{"a": '))).toThrow(TranscodingError)
    expect(() => transcoder.decode(new TextEncoder().encode('{"_type_":"money","_data_":1}'))).toThrow(
      /tagged "money", but no transcoding of that name is registered/,
    )
  })

  it('refuses a transcoding whose name or class is taken', () => {
    class Point {}
    const transcoder = new JSONTranscoder()
    const transcoding = { name: 'point', type: Point, encode: () => 0, decode: () => new Point() }
    transcoder.register(transcoding)
    expect(() => transcoder.register(transcoding)).toThrow(ProgrammingError)
    expect(() => transcoder.register({ ...transcoding, name: 'datetime' })).toThrow(/already taken/)
    expect(() => transcoder.register({} as never)).toThrow(/needs a non-empty string 'name'/)
  })
})
