// SIGKILL while a panel is being written — an import into a new panel, a re-import, a burst of moves — then
// open it as the next user would: never a partial import, never a damaged file, and the audit log always
// matches the markings. A CI-sized run of bench/killTests.ts; `npm run bench` runs hundreds of kills.

import { describe, expect, it } from 'vitest';
import { runKillTests } from '../../bench/killTests';

describe('a process killed while it writes a panel', () => {
  it('leaves no partial import, no damaged file and no history that disagrees with the markings', async () => {
    const figures = await runKillTests({ imports: 2, moves: 2, people: 2000 });
    expect(figures.map((f) => f.mode)).toEqual(['import-new', 'import-existing', 'moves']);
    for (const f of figures) {
      expect(f, f.mode).toMatchObject({ partial: 0, corrupt: 0, audit_mismatch: 0, leftovers_after_next_run: 0 });
    }
    // The kills were aimed at the write itself: most landed before it finished.
    expect(figures.reduce((n, f) => n + f.killed_mid_write, 0)).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
