// Where the workspace's public HR datasets are: shared/data beside the repository (CI lays a copy
// there too). They are test data the product must not bundle, so they are never copied into the repo.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function sharedDataDir(): string {
  return (
    [process.env.MODPANEL_TEST_DATA, resolve('../shared/data'), '/work/shared/data'].find(
      (dir): dir is string => dir !== undefined && existsSync(`${dir}/HRDataset_v14.csv`),
    ) ?? resolve('../shared/data')
  );
}
