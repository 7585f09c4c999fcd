/**
 * The package is real: `npm pack` it, install the tarball into a fresh project outside the workspace,
 * type-check the tutorial's Part 1 example against the packed types, compile it and run it with Node.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const LIB = resolve(import.meta.dirname, '..')
const TSC = resolve(LIB, '../node_modules/typescript/bin/tsc')
const NPM_CLI = process.env.npm_execpath
let project: string

const EXAMPLE = `import assert from 'node:assert/strict'
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

const school = new DogSchool()
const dogId = await school.registerDog('Fido')
await school.addTrick(dogId, 'roll over')
await school.addTrick(dogId, 'fetch ball')
assert.deepEqual(await school.getDog(dogId), { name: 'Fido', tricks: ['roll over', 'fetch ball'] })
const notifications = await school.notificationLog.select({ start: 1, limit: 10 })
console.log(notifications.map((n) => n.id).join(','))
`

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function npm(args: string[], cwd: string): string {
  return NPM_CLI ? run(process.execPath, [NPM_CLI, ...args], cwd) : run('npm', args, cwd)
}

beforeAll(() => {
  if (!existsSync(join(LIB, 'dist/index.js'))) npm(['run', 'build'], LIB)
  project = mkdtempSync(join(tmpdir(), 'eventsourcing-pack-'))
  npm(['pack', '--pack-destination', project], LIB)
  const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'))!
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-test', private: true, type: 'module' }))
  npm(['install', `./${tarball}`, '--no-audit', '--no-fund', '--prefer-offline'], project)
}, 120_000)

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true })
})

describe('the packed package', () => {
  it('holds the built modules and types, and no tests', () => {
    const files = run('find', ['.', '-type', 'f'], join(project, 'node_modules/eventsourcing'))
    expect(files).toContain('./dist/domain/index.js')
    expect(files).toContain('./dist/domain/index.d.ts')
    expect(files).not.toMatch(/\.test\./)
  })

  it('type-checks, compiles and runs the Part 1 example in a fresh project', { timeout: 60_000 }, () => {
    writeFileSync(join(project, 'example.ts'), EXAMPLE)
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'out',
          types: [],
          lib: ['ES2023', 'DOM'],
          skipLibCheck: false,
        },
        files: ['example.ts', 'node-assert.d.ts'],
      }),
    )
    // The fresh project has no @types/node; this is the one declaration the example needs from it.
    writeFileSync(
      join(project, 'node-assert.d.ts'),
      "declare module 'node:assert/strict' { const assert: { deepEqual(a: unknown, b: unknown): void }; export default assert }",
    )
    let compileErrors = ''
    try {
      run(process.execPath, [TSC, '-p', 'tsconfig.json'], project)
    } catch (error) {
      compileErrors = String((error as { stdout?: string }).stdout)
    }
    expect(compileErrors).toBe('')
    expect(run(process.execPath, ['out/example.js'], project).trim()).toBe('1,2,3')
  })
})
