import { beforeEach, describe, expect, it } from 'vitest'
import { Aggregate, event, registry } from '../domain/index.js'
import { scenario, ScenarioError } from './index.js'

function defineDog() {
  @event('Registered')
  class Dog extends Aggregate {
    name: string
    tricks: string[] = []
    constructor({ name }: { name: string }) {
      super()
      this.name = name
    }
    addTrick({ trick }: { trick: unknown }) {
      if (typeof trick !== 'string' || trick === '') throw new TypeError('A trick is a non-empty string.')
      if (this.tricks.includes(trick)) throw new Error(`${this.name} already knows ${trick}.`)
      this.#addTrick({ trick })
    }
    @event('TrickAdded')
    #addTrick({ trick }: { trick: string }) {
      this.tricks.push(trick)
    }
  }
  return Dog
}

beforeEach(() => registry.reset())

describe('scenario', () => {
  it('passes when the command records exactly the expected events', () => {
    const Dog = defineDog()
    scenario(Dog)
      .given(['Registered', { name: 'Fido' }], ['TrickAdded', { trick: 'sit' }])
      .when((dog) => dog.addTrick({ trick: 'roll over' }))
      .then(['TrickAdded', { trick: 'roll over' }])
    scenario(Dog)
      .when(() => new Dog({ name: 'Fido' }))
      .then(['Registered', { name: 'Fido' }])
  })

  it('fails with the expected and the actual events listed', () => {
    const Dog = defineDog()
    const outcome = scenario(Dog)
      .given(['Registered', { name: 'Fido' }])
      .when((dog) => dog.addTrick({ trick: 'sit' }))
    expect(() => outcome.then(['TrickAdded', { trick: 'stay' }])).toThrowErrorMatchingInlineSnapshot(`
      [ScenarioError: Expected the command to record 1 event:
        1. TrickAdded {"trick":"stay"}
      but it recorded 1 event:
        1. TrickAdded {"trick":"sit"}]
    `)
    expect(() => outcome.then()).toThrow(ScenarioError)
  })

  it('checks the error a rejected command throws, and that it recorded nothing', () => {
    const Dog = defineDog()
    const given = scenario(Dog).given(['Registered', { name: 'Fido' }], ['TrickAdded', { trick: 'sit' }])
    given.when((dog) => dog.addTrick({ trick: 'sit' })).thenThrows('already knows sit')
    given.when((dog) => dog.addTrick({ trick: 42 })).thenThrows(TypeError)
    given.when((dog) => dog.addTrick({ trick: '' })).thenThrows(/non-empty/)
    expect(() => given.when((dog) => dog.addTrick({ trick: 'stay' })).thenThrows(Error)).toThrow(
      /Expected the command to throw a Error\nbut it recorded 1 event:\n {2}1. TrickAdded \{"trick":"stay"\}/,
    )
    expect(() => given.when((dog) => dog.addTrick({ trick: 'sit' })).then()).toThrow(
      /but it threw Error: Fido already knows sit./,
    )
  })

  it('refuses malformed events and unknown event names with clear messages', () => {
    const Dog = defineDog()
    expect(() => scenario(Dog).given('Registered' as never)).toThrow(/takes events as \[name, fields\] pairs/)
    expect(() =>
      scenario(Dog)
        .given(['Barked'])
        .when(() => undefined),
    ).toThrow('Dog has no event class named "Barked"; its event classes are Created, Registered, TrickAdded.')
    expect(() => scenario(Dog).when(() => undefined)).toThrow(/needs a command that returns the aggregate/)
    expect(() => scenario(Date as never)).toThrow(/takes an aggregate class/)
  })
})
