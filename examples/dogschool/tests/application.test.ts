import assert from 'node:assert/strict'
import { test } from 'vitest'
import { DogSchool } from '../src/application.js'

test('a dog school registers dogs and teaches them tricks', async () => {
  const school = new DogSchool()

  const dogId = await school.registerDog('Fido')
  assert.deepEqual(await school.getDog(dogId), { name: 'Fido', tricks: [] })

  await school.addTrick(dogId, 'roll over')
  await school.addTrick(dogId, 'fetch ball')
  assert.deepEqual(await school.getDog(dogId), { name: 'Fido', tricks: ['roll over', 'fetch ball'] })
})

test('each change is stored as an event, numbered in the notification log', async () => {
  const school = new DogSchool()
  const dogId = await school.registerDog('Fido')
  await school.addTrick(dogId, 'roll over')
  await school.addTrick(dogId, 'fetch ball')

  const notifications = await school.notificationLog.select({ start: 1, limit: 10 })
  assert.deepEqual(
    notifications.map((n) => [n.id, n.topic]),
    [
      [1, 'Dog.Registered'],
      [2, 'Dog.TrickAdded'],
      [3, 'Dog.TrickAdded'],
    ],
  )
})
