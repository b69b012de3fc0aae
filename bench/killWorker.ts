// The process bench/killTests.ts kills: imports a file into a new or an existing panel, or makes a burst of
// moves, each through the same code the command line and the window use. It says "writing" on stdout the
// moment it starts to write, so the killer can aim at the write itself.

import { ModerationService } from '../db/service';
import { createPanelWithImport } from '../db/newPanel';
import { parseImportFile } from '../db/import';
import { defaultEligibilityCutoff } from '../shared/rules';

const [mode, ...args] = process.argv.slice(2);
const hr = { name: 'Kill test', role: 'hr' as const };
const chair = { name: 'Kill test', role: 'chair' as const };
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (mode === 'import-new') {
    const [csv, panel] = args as [string, string];
    const parsed = await parseImportFile(csv, { cutoff: defaultEligibilityCutoff(2025) });
    say('writing');
    createPanelWithImport(panel, { name: 'Kill test', businessUnit: 'Bench', performanceYear: 2025 }, parsed, hr, { program: 'cli' });
  } else if (mode === 'import-existing') {
    const [csv, panel] = args as [string, string];
    const service = ModerationService.open(panel, { program: 'cli' });
    const parsed = await parseImportFile(csv, { cutoff: service.importCutoff() });
    say('writing');
    service.applyImport(parsed, hr);
    service.close();
  } else if (mode === 'moves') {
    const [panel, count] = args as [string, string];
    const service = ModerationService.open(panel, { program: 'cli' });
    const movable = service.people().filter((p) => p.eligible && p.financeObjective !== 'Not met' && p.moderatedMarking !== null);
    say('writing');
    for (let i = 0; i < Number(count); i++) {
      const person = movable[(i * 7919) % movable.length]!;
      const current = service.person(person.staffId).moderatedMarking;
      service.move({ staffId: person.staffId, to: current === 'Partially Met' ? 'Achieving' : 'Partially Met', reason: `Kill test move ${i}` }, chair);
    }
    service.close();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  say('done');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
