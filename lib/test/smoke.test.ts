import { describe, expect, it } from 'vitest'
import { Aggregate, event } from 'eventsourcing/domain'
import { Application } from 'eventsourcing/application'

@event('Registered')
class Dog extends Aggregate {
  name: string
  tricks: string[]
  constructor({ name }: { name: string }) {
    super()
    this.name = name
    this.tricks = []
  }
  @event('TrickAdded')
  addTrick({ trick }: { trick: string }) {
    this.tricks.push(trick)
  }
}

class DogSchool extends Application {
  async registerDog(name: string) {
    const dog = new Dog({ name })
    await this.save(dog)
    return dog.id
  }
  async addTrick(dogId: string, trick: string) {
    const dog = await this.repository.get(dogId, Dog)
    dog.addTrick({ trick })
    await this.save(dog)
  }
  async getDog(dogId: string) {
    const dog = await this.repository.get(dogId, Dog)
    return { name: dog.name, tricks: [...dog.tricks] }
  }
}

describe('smoke', () => {
  it('runs the application', async () => {
    const app = new DogSchool()
    const id = await app.registerDog('Fido')
    await app.addTrick(id, 'roll over')
    await app.addTrick(id, 'fetch ball')
    expect(await app.getDog(id)).toEqual({ name: 'Fido', tricks: ['roll over', 'fetch ball'] })
    const notifications = await app.notificationLog.select({ start: 1, limit: 10 })
    expect(notifications.map((n) => n.id)).toEqual([1, 2, 3])
    console.log(new TextDecoder().decode(notifications[0]!.state), notifications[0]!.topic)
  })
})
