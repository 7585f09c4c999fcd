import { describe, expect, it } from 'vitest'
import { Environment } from '../utils/environment.js'
import { InfrastructureFactory, InMemoryFactory, registerModuleLoader } from './infrastructure-factory.js'

class CountingFactory extends InMemoryFactory {
  static made = 0
  constructor(env: Environment) {
    super(env)
    CountingFactory.made++
  }
}

describe('registerModuleLoader', () => {
  it('loads a PERSISTENCE_MODULE that no dynamic import could find through the registered loader', async () => {
    registerModuleLoader('bundled/only-store', async () => ({ Factory: CountingFactory }))
    const factory = await InfrastructureFactory.construct(
      new Environment('DogSchool', { PERSISTENCE_MODULE: 'bundled/only-store' }),
    )
    expect(factory).toBeInstanceOf(CountingFactory)
    expect(CountingFactory.made).toBe(1)
  })

  it('reports a loader that fails as the module that could not be loaded, with the loader’s error as cause', async () => {
    const failure = new Error('chunk missing')
    registerModuleLoader('bundled/broken-store', async () => {
      throw failure
    })
    const construct = InfrastructureFactory.construct(
      new Environment('DogSchool', { PERSISTENCE_MODULE: 'bundled/broken-store' }),
    )
    await expect(construct).rejects.toThrow(
      /names the module 'bundled\/broken-store', which could not be loaded \(chunk missing\)/,
    )
    await expect(construct).rejects.toMatchObject({ cause: failure })
  })
})
