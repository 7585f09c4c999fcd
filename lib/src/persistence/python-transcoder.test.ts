import { describe, expect, it } from 'vitest'
import { PythonTopics } from './python-settings.js'
import { PythonDecimal, PythonJSONTranscoder, PythonUuid, parsePythonIsoFormat } from './python-transcoder.js'
import { isTranscodingError } from './errors.js'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const bytes = (json: string) => new TextEncoder().encode(json)
const transcoder = () => new PythonJSONTranscoder(new PythonTopics({ module: 'dogschool' }))

class Collar {
  constructor(
    readonly colour: string,
    readonly size: number,
  ) {}
}

describe('PythonJSONTranscoder', () => {
  it("writes event state in Python's shape: a tagged datetime_iso timestamp and a Python originator_topic", () => {
    // Given event state as the mapper hands it over
    const state = { timestamp: '2026-11-29T10:15:48.042Z', originatorTopic: 'Dog', name: 'Fido' }
    // When it is encoded, then it is the JSON Python's JSONTranscoder writes
    expect(text(transcoder().encode(state))).toBe(
      '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-29T10:15:48.042000+00:00"},' +
        '"originator_topic":"dogschool:Dog","name":"Fido"}',
    )
  })

  it("reads Python's event state back in this library's shape", () => {
    const json =
      '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-29T10:15:48.042143+00:00"},' +
      '"originator_topic":"dogschool:Dog","name":"Fido"}'
    expect(transcoder().decode(bytes(json))).toEqual({
      timestamp: new Date('2026-11-29T10:15:48.042Z'),
      originatorTopic: 'Dog',
      name: 'Fido',
    })
  })

  it("maps Python's class_version to the classVersion the mapper upcasts from, both ways", () => {
    const json =
      '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-29T10:15:48.042000+00:00"},' +
      '"class_version":2,"name":"Fido"}'
    expect(transcoder().decode(bytes(json))).toEqual({
      timestamp: new Date('2026-11-29T10:15:48.042Z'),
      classVersion: 2,
      name: 'Fido',
    })
    expect(text(transcoder().encode({ timestamp: '2026-11-29T10:15:48.042Z', classVersion: 2, name: 'Fido' }))).toBe(
      json,
    )
  })

  it('reads the tagged types Python applications register by default', () => {
    const json =
      '{"id":{"_type_":"uuid_hex","_data_":"3d3b96ba524c5a10b052a8a15f702d2f"},' +
      '"fee":{"_type_":"decimal_str","_data_":"12.50"},' +
      '"at":[{"_type_":"datetime_iso","_data_":"2020-01-01T10:15:48"},' +
      '{"_type_":"datetime_iso","_data_":"2020-01-01T12:15:48.5+02:00"}]}'
    expect(transcoder().decode(bytes(json))).toEqual({
      id: new PythonUuid('3d3b96ba-524c-5a10-b052-a8a15f702d2f'),
      fee: new PythonDecimal('12.50'),
      at: [new Date('2020-01-01T10:15:48Z'), new Date('2020-01-01T10:15:48.5Z')],
    })
  })

  it('writes PythonUuid, PythonDecimal and Date values as Python writes UUID, Decimal and datetime', () => {
    const value = { id: new PythonUuid('3D3B96BA-524C-5A10-B052-A8A15F702D2F'), fee: new PythonDecimal('-1.5E+3') }
    expect(text(transcoder().encode(value))).toBe(
      '{"id":{"_type_":"uuid_hex","_data_":"3d3b96ba524c5a10b052a8a15f702d2f"},' +
        '"fee":{"_type_":"decimal_str","_data_":"-1.5E+3"}}',
    )
  })

  it("maps a custom transcoding to the Python application's by its name, both ways", () => {
    const t = transcoder()
    t.register({
      name: 'collar',
      type: Collar,
      encode: (c: Collar) => ({ colour: c.colour, size: c.size }),
      decode: (d: { colour: string; size: number }) => new Collar(d.colour, d.size),
    })
    const json = '{"collar":{"_type_":"collar","_data_":{"colour":"red","size":3}}}'
    expect(text(t.encode({ collar: new Collar('red', 3) }))).toBe(json)
    expect(t.decode(bytes(json))).toEqual({ collar: new Collar('red', 3) })
  })

  it('refuses a tag with no transcoding of its name, saying how to register one', () => {
    expect(() => transcoder().decode(bytes('{"c":{"_type_":"collar","_data_":{}}}'))).toThrowError(
      /tagged "collar", a custom transcoding of the Python application, but no transcoding of that name/,
    )
  })

  it.each([
    ['undefined', { a: undefined }],
    ['a bigint', { a: 1n }],
    ['NaN', { a: NaN }],
    ['a Map', { a: new Map() }],
    ['a Uint8Array', { a: new Uint8Array(1) }],
  ])("refuses %s, which Python's JSON cannot hold, naming where it is", (_, value) => {
    const attempt = () => transcoder().encode(value)
    expect(attempt).toThrowError(/at 'a' for Python/)
  })

  it('refuses an integer beyond the safe integers rather than losing its digits', () => {
    expect(() => transcoder().decode(bytes('{"a":12345678901234567890}'))).toThrowError(/safe integers/)
  })

  it("detects state in this library's own format (a plain timestamp) and says which setting reads it", () => {
    let error: unknown
    try {
      transcoder().decode(bytes('{"timestamp":"2026-11-29T10:15:48.042Z","name":"Fido"}'))
    } catch (caught) {
      error = caught
    }
    expect(isTranscodingError(error)).toBe(true)
    expect((error as Error).message).toMatchInlineSnapshot(
      `"Stored state's timestamp is the string "2026-11-29T10:15:48.042Z", not a tagged datetime_iso value, so Python did not write it: it is in this library's own format. Leave STORAGE_FORMAT unset to read it."`,
    )
  })
})

describe('parsePythonIsoFormat', () => {
  it("reads every form of Python's isoformat(), keeping milliseconds", () => {
    expect(parsePythonIsoFormat('2026-11-29T10:15:48.042143+00:00').toISOString()).toBe('2026-11-29T10:15:48.042Z')
    expect(parsePythonIsoFormat('2026-11-29T10:15:48-05:30').toISOString()).toBe('2026-11-29T15:45:48.000Z')
    expect(parsePythonIsoFormat('2026-11-29 10:15:48.1').toISOString()).toBe('2026-11-29T10:15:48.100Z')
  })

  it('refuses text that is not a date', () => {
    expect(() => parsePythonIsoFormat('yesterday')).toThrowError(
      'Stored state has a datetime_iso value that is not a date: the string "yesterday".',
    )
  })
})
