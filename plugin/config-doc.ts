// Renders the configuration table of the README from the zod schema, so the two cannot drift
// (test/unit/config.test.ts compares them). Run: npx tsx plugin/config-doc.ts
import { configSchema } from './config.ts';

export function configTable(): string {
  const lines = ['| Variable | Default | Meaning |', '| --- | --- | --- |'];
  for (const [name, schema] of Object.entries(configSchema.shape)) {
    const parsed = schema.safeParse(undefined);
    const fallback = parsed.success ? JSON.stringify(parsed.data) : '(required)';
    lines.push(`| \`${name}\` | \`${fallback}\` | ${schema.description ?? ''} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${configTable()}\n`);
