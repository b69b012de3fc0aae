// The seeded fuzz corpus at CI size (the full size runs in `npm run bench`): hostile CSV and XLSX files that
// must each settle with readable problems, hold only storable values, and apply whole or not at all.

import { describe, expect, it } from 'vitest';
import { checkCase, fuzzCorpus } from './fuzzCorpus';

const SEED = 20261202;

describe('the hostile-file corpus', () => {
  it('never crashes, never writes part of a file, and every problem is one readable line', async () => {
    const failures: string[] = [];
    for (const fuzzCase of fuzzCorpus(SEED, 200, 40)) {
      const wrong = await checkCase(fuzzCase);
      if (wrong !== null) failures.push(`${fuzzCase.name}: ${wrong}`);
    }
    expect(failures).toEqual([]);
  });
});
