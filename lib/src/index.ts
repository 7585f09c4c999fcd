/**
 * `eventsourcing`: the browser-safe layers in one import (domain, application, persistence). The
 * SQLite and PostgreSQL stores have their own subpaths, because they need Node.
 */
export * from './domain/index.js'
export * from './application/index.js'
export * from './persistence/index.js'
