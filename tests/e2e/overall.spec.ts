// File ▸ New overall panel from unit panels, end to end through the web host: three unit panels made with
// the service, picked in the dialog, the duplicate and the unfinalised unit refused with nothing written,
// resolved, the overall panel encrypted unless HR explicitly chooses not to, and the window lands on the
// department view of the new overall panel; the person panel says where each person came from.
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { createPanelApi } from '../../db/api';
import { ensureDemoPanel } from '../../db/demo';
import { ModerationService } from '../../db/service';
import { startWebHost, type WebHost } from '../../web/host';
import { WebPanelSession } from '../../web/session';
import { makeThreeUnits, type ThreeUnits } from '../db/unitPanels';

let dir: string;
let units: ThreeUnits;
let session: WebPanelSession;
let host: WebHost;

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-e2e-overall-'));
  units = makeThreeUnits(dir, 20);
  session = new WebPanelSession(ModerationService.open(ensureDemoPanel(join(dir, 'demo.modpanel'))), dir);
  host = await startWebHost({ api: createPanelApi(session), staticDir: resolve('dist/renderer') });
});
test.afterEach(async () => {
  await host.close();
  session.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openAsHr(page: Page): Promise<void> {
  await page.goto(host.url);
  await page.evaluate(() => localStorage.setItem('modpanel-actor', JSON.stringify({ name: 'Hana HR', role: 'hr' })));
  await page.reload();
  await expect(page.getByRole('region', { name: 'Achieving' })).toBeVisible();
}

const shots = process.env.MERGE_SHOTS;

test('unit panels are merged once their conflicts are resolved, landing on the department view', async ({ page }) => {
  await openAsHr(page);
  await page.getByRole('button', { name: 'File ▾' }).click();
  await page.getByRole('menuitem', { name: 'New overall panel from unit panels…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New overall panel from unit panels' });
  await expect(dialog).toBeVisible();

  await dialog.getByLabel('Unit panel files (.modpanel)').setInputFiles([units.policy, units.ops, units.digital]);
  await expect(dialog.getByRole('heading', { name: '2 conflicts to resolve — nothing will be written until they are' })).toBeVisible();
  const unitsTable = dialog.getByRole('table', { name: 'Unit panels to merge' });
  await expect(unitsTable.getByRole('row', { name: /policy\.modpanel/ })).toContainText('Finalised by Pat Chair');
  await expect(unitsTable.getByRole('row', { name: /digital\.modpanel/ })).toContainText('Not finalised');
  const duplicates = dialog.getByRole('table', { name: 'People in more than one unit panel' });
  await expect(duplicates.getByRole('row', { name: /X001/ })).toContainText('Not yet chosen');
  await expect(dialog.getByRole('button', { name: /Create the overall panel/ })).toHaveCount(0);
  expect(readdirSync(dir).filter((f) => f.endsWith('.modpanel')).sort()).toEqual(['demo.modpanel', 'digital.modpanel', 'ops.modpanel', 'policy.modpanel']);

  const axe = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  if (shots) {
    for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(shots, `merge-conflicts-${size.width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  // Resolve: Policy's marking stands for X001; Digital merged as it stands.
  await dialog.getByLabel('Whose marking stands for X001 (Sam Shared)').selectOption({ label: 'Keep policy.modpanel’s marking' });
  await dialog.getByLabel('Merge unit panels that are not finalised, as they stand (recorded in the overall panel’s history)').check();
  await dialog.getByRole('button', { name: 'Check again' }).click();
  await expect(dialog.getByText('No conflicts: 61 people from 3 unit panels, performance year 2025/26. Nothing has been written yet.')).toBeVisible();
  await expect(duplicates.getByRole('row', { name: /X001/ })).toContainText('Taken from policy.modpanel');
  await dialog.getByLabel('Name of the overall panel').fill('Department overall 2025-26');

  // It holds every unit's special-category data: encrypted unless HR explicitly chooses not to.
  const protect = dialog.getByRole('group', { name: 'Protect the overall panel' });
  const create = dialog.getByRole('button', { name: 'Create the overall panel (61 people)' });
  await create.click();
  await expect(protect.getByRole('alert')).toHaveText('Choose a passphrase for the overall panel, or choose explicitly not to encrypt it.');
  await protect.getByLabel('Passphrase for the overall panel').fill('Department passphrase');
  await protect.getByLabel('The same passphrase again').fill('Department passphrase!');
  await create.click();
  await expect(protect.getByRole('alert')).toHaveText('The two passphrases differ: type the same passphrase in both boxes.');
  expect(readdirSync(dir).filter((f) => f.endsWith('.modpanel')).sort()).toEqual(['demo.modpanel', 'digital.modpanel', 'ops.modpanel', 'policy.modpanel']);
  if (shots) {
    for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await protect.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `merge-protect-${size.width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  await protect.getByLabel('The same passphrase again').fill('Department passphrase');
  await create.click();

  // The window now shows the new overall panel, on the department view.
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Department overall 2025-26' })).toBeVisible();
  await expect(page.getByText('Overall moderation meeting', { exact: true })).toBeVisible();
  const view = page.getByTestId('department-view');
  await expect(view.getByRole('heading', { name: 'Department', exact: true })).toBeVisible();
  const byUnit = view.getByTestId('department-by-business_unit');
  await expect(byUnit.getByRole('rowheader')).toHaveText(['Digital', 'Operations', 'Policy Group']);
  await expect(view.getByTestId('department-by-grade')).toBeVisible();
  await expect(view.getByTestId('department-gaps')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Department', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('security-badge')).toHaveText('Encrypted');

  // On disk: the overall panel, made once and encrypted, with Policy's copy of X001 and where it came from.
  const path = join(dir, 'Department overall 2025-26.modpanel');
  expect(existsSync(path)).toBe(true);
  expect(() => ModerationService.open(path, { readonly: true })).toThrow(/passphrase/);
  const overall = ModerationService.open(path, { key: 'Department passphrase' });
  let fromOpenUnit = '';
  try {
    fromOpenUnit = overall.people().find((p) => p.eligible && p.source?.file === 'digital.modpanel')!.staffId;
    expect(overall.panel().stage).toBe('overall');
    expect(overall.person('X001').source).toMatchObject({ file: 'policy.modpanel', chair: 'Pat Chair' });
    expect(overall.person(units.policyMove.staffId).provisionalMarking).toBe('High Performing');
  } finally {
    overall.close();
  }

  if (shots) {
    for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(shots, `department-${size.width}.png`) });
      await page.screenshot({ path: join(shots, `department-${size.width}-full.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  // The chair at the overall meeting sees the shared copy: small groups in a unit show [c].
  await page.evaluate(() => localStorage.setItem('modpanel-actor', JSON.stringify({ name: 'Dee Director', role: 'chair' })));
  await page.reload();
  await page.getByRole('button', { name: 'Department', exact: true }).click();
  await expect(view.getByTestId('audience-note')).toContainText('You see the copy the panel may share');
  await expect(view.getByTestId('department-gaps')).toContainText('[c]');
  if (shots) await page.screenshot({ path: join(shots, 'department-chair-1280-full.png'), fullPage: true });

  // The person panel says where someone came from: the unit panel, its chair, when it was finalised, the unit's reason.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Grid', exact: true }).click();
  const moved = page.locator(`article[data-staff-id="${units.policyMove.staffId}"]`);
  await moved.getByRole('button', { name: /^Details/ }).click();
  const sheet = page.getByTestId('person-panel');
  const source = sheet.getByRole('region', { name: 'From the unit panel' });
  const row = (term: string) => source.locator('.details-row').filter({ has: page.getByRole('term').filter({ hasText: term }) }).getByRole('definition');
  await expect(row('Unit panel')).toHaveText('Policy Group SCS (policy.modpanel)');
  await expect(row('Chair')).toHaveText('Pat Chair');
  await expect(row('Finalised')).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
  await expect(row('The unit’s decision')).toHaveText('Moved Achieving → High Performing');
  await expect(row('The unit’s reason')).toHaveText('Led the spending review');
  // Nothing of it on the projected card.
  await expect(moved).not.toContainText('policy.modpanel');
  await expect(moved).not.toContainText('Pat Chair');
  if (shots) {
    for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await source.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `person-source-${size.width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  // Someone merged from a unit that was still open says so.
  await page.locator(`article[data-staff-id="${fromOpenUnit}"]`).getByRole('button', { name: /^Details/ }).click();
  await expect(row('Finalised')).toHaveText('No: merged while still open');
  await expect(row('Chair')).toHaveText('Not recorded: the unit panel was not finalised');

  // On the projector with names as initials: the chair's name as initials, the unit's reason hidden.
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await page.getByRole('checkbox', { name: 'Names as initials' }).check();
  await moved.click();
  await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(/^[A-Z]\. [A-Z]\.$/);
  await expect(row('Chair')).toHaveText('P. C.');
  await expect(row('The unit’s reason')).toHaveText('Hidden on the projector');
  await expect(source).not.toContainText('Pat Chair');
  await expect(source).not.toContainText('Led the spending review');
  if (shots) {
    await source.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'person-source-projector-1280.png') });
  }
});
