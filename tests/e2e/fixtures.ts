// Shared end-to-end fixture: a fresh panel file with generated people, served by the real web host,
// and a page opened on it. Tests talk to the app only as a user would (plus the file on disk).
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPanelApi } from '../../db/api';
import { demoRecordsImport } from '../../db/demo';
import { ModerationService } from '../../db/service';
import { startWebHost, type WebHost } from '../../web/host';
import type { ParsedImport } from '../../shared/importTypes';

export interface PanelFixture {
  /** Path of the panel file on disk. */
  path: string;
  host: WebHost;
  service: ModerationService;
  /** Opens the app in the page and waits for the grid. */
  open(page: Page): Promise<void>;
}

export interface PanelOptions {
  /** People to import when the panel is created; defaults to the generated demo people. */
  records: ParsedImport | null;
}

export const test = base.extend<PanelOptions & { panel: PanelFixture }>({
  records: [null, { option: true }],
  panel: async ({ records }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'modpanel-e2e-'));
    const path = join(dir, 'e2e.modpanel');
    const actor = { name: 'E2E setup', role: 'hr' as const };
    const service = ModerationService.create(path, { name: 'E2E panel', businessUnit: 'Policy Group', performanceYear: 2025 }, actor);
    service.applyImport(records ?? demoRecordsImport(60), actor);
    const host = await startWebHost({
      api: createPanelApi({ service: () => service }),
      staticDir: resolve('dist/renderer'),
    });
    await use({
      path,
      host,
      service,
      async open(page) {
        await page.goto(host.url);
        await expect(page.getByRole('region', { name: 'Achieving' })).toBeVisible();
      },
    });
    await host.close();
    service.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

/**
 * Records a corporate contribution for everyone in Exceeding without one, so the generated panel can be
 * finalised (para 34: finalise refuses while anyone in Exceeding has none evidenced).
 */
export function recordMissingContributions(service: ModerationService): void {
  for (const p of service.people()) {
    if (p.eligible && p.moderatedMarking === 'Exceeding' && !p.corporateContribution && !p.corporateContributionEvidence) {
      service.recordContribution(p.staffId, 'Led a cross-government review beyond the business unit', { name: 'E2E setup', role: 'chair' });
    }
  }
}

export { expect };
