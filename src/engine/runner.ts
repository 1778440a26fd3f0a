import type { QueryPlan } from '../compile/index.ts'
import { EventRunner } from './event-runner.ts'
import type { EqlRunner, RunnerOptions } from './runner-types.ts'
import { SampleRunner } from './sample-runner.ts'
import { SequenceRunner } from './sequence-runner.ts'

/** Builds the runner for a compiled query: events, sequence or sample. */
export function createRunner(plan: QueryPlan, options: RunnerOptions = {}): EqlRunner {
  switch (plan.kind) {
    case 'event':
      return new EventRunner(plan, options)
    case 'sequence':
      return new SequenceRunner(plan, options)
    case 'sample':
      return new SampleRunner(plan, options)
  }
}
