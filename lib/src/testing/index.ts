/**
 * `eventsourcing/testing`: given / when / then scenarios for aggregates, for tests and graded exercises.
 * Uses no Node built-ins.
 *
 * @module
 */
export { isScenarioError, Outcome, Scenario, scenario, ScenarioError, type ScenarioEvent } from './scenario.js'
