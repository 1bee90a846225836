// The 90-day pool-health scenario as a benchmark (issue 4, acceptance 4): runs it on a fresh MariaDB
// database and prints the end states, alerts and the day-by-day events. test/bench/run.ts calls it.
import { runHealthScenario, scenarioSummary } from '../support/health-scenario.ts';
import { createTestDatabase } from '../support/test-database.ts';

export async function runHealth90DaysBench(log: (line: string) => void): Promise<void> {
  const tdb = await createTestDatabase('bench_health90');
  try {
    const result = await runHealthScenario(tdb.open());
    for (const line of scenarioSummary(result)) log(line);
  } finally {
    await tdb.drop();
  }
}
