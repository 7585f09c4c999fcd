import { Application } from 'eventsourcing/application'
import { Dog } from './domainmodel.js'

/** The dog school: registers dogs, teaches them tricks, and says what each dog knows. */
export class DogSchool extends Application {
  async registerDog(name: string): Promise<string> {
    const dog = new Dog({ name })
    await this.save(dog)
    return dog.id
  }

  async addTrick(dogId: string, trick: string): Promise<void> {
    const dog = await this.repository.get(dogId, Dog)
    dog.addTrick({ trick })
    await this.save(dog)
  }

  async getDog(dogId: string): Promise<{ name: string; tricks: string[] }> {
    const dog = await this.repository.get(dogId, Dog)
    return { name: dog.name, tricks: [...dog.tricks] }
  }
}
