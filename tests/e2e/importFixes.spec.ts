// Fixing HR's file in the import wizard without editing it — "Strong" read as High Performing for every row
// that has it, a totals line skipped — saved as a mapping the command line reads; and a new panel made from
// HR's file through the same wizard, the panel file written only when HR creates it.
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { createPanelApi } from '../../db/api';
import { parseMappingJson } from '../../db/import';
import { NewPanelDrafts } from '../../db/newPanelDraft';
import { ModerationService } from '../../db/service';
import { GatedWebSession } from '../../web/lockedSession';
import { startWebHost } from '../../web/host';
import { test, expect } from './fixtures';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS = process.env.MODPANEL_SHOTS_DIR;

async function actAs(page: Page, name: string, role: string): Promise<void> {
  await page.addInitScript((actor) => localStorage.setItem('modpanel-actor', JSON.stringify(actor)), { name, role });
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`)).toEqual([]);
}

/** Full-page screenshots at both projector sizes, when MODPANEL_SHOTS_DIR asks for them. */
async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

function extract(people: { staffId: string; name: string }[]): string {
  const rows = people.map((p, i) => `${p.staffId},${p.name},SCS1,Policy Group,${i === 1 || i === 4 ? 'Strong' : 'Achieving'},Met,2010-04-01`);
  return ['staff_id,name,grade,business_unit,provisional_marking,finance_objective,cs_start_date', ...rows, ',Total,,,,,', ''].join('\n');
}

test('HR reads a bad value as another and skips the totals line, without editing the file, and saves it as a mapping', async ({ page, panel }) => {
  const people = panel.service.people().slice(0, 6);
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-fixes-e2e-'));
  const file = join(dir, 'hr-extract.csv');
  writeFileSync(file, extract(people));
  await actAs(page, 'Hana HR', 'hr');
  await panel.open(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(file);

  await expect(page.getByRole('heading', { name: /3 problems to fix/ })).toBeVisible();
  const fixes = page.getByRole('region', { name: 'Fix without editing the file' });
  const values = fixes.getByRole('table', { name: /Values the importer cannot read/ });
  await expect(values.getByRole('row', { name: /Strong/ })).toContainText('rows 3, 6');
  await shoot(page, 'import-fixes');
  await expectNoAxeViolations(page);

  await fixes.getByLabel('Read “Strong” in provisional_marking as').selectOption('High Performing');
  await expect(page.getByRole('heading', { name: /1 problem to fix/ })).toBeVisible();
  await fixes.getByRole('button', { name: 'Skip row 8 (Total)' }).click();
  await expect(page.getByRole('heading', { name: /problems? to fix/ })).toHaveCount(0);
  await expect(fixes.getByRole('list', { name: 'Fixes made here' })).toContainText('Read “Strong” in Provisional marking (provisional_marking) as “High Performing”');
  await expect(fixes.getByRole('list', { name: 'Fixes made here' })).toContainText('Skip row 8, no staff id, Total');
  await expect(page.getByText(/Skipped in this preview: 1 row/)).toBeVisible();
  await shoot(page, 'import-fixes-made');
  await expectNoAxeViolations(page);

  // Saved as a mapping file: the same fixes, for next time and for modpanel import --mapping.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save this mapping (JSON)' }).click();
  const saved = join(dir, 'mapping.json');
  await (await download).saveAs(saved);
  const mapping = parseMappingJson(readFileSync(saved, 'utf8'), 'mapping.json');
  expect(mapping.values).toEqual({ provisional_marking: { Strong: 'High Performing' } });
  expect(mapping.skipRows).toEqual([{ row: 8, staff_id: '', name: 'Total' }]);

  await page.getByRole('button', { name: 'Import 6 people' }).click();
  await expect(page.getByRole('heading', { name: '3. Imported hr-extract.csv' })).toBeVisible();
  expect(panel.service.person(people[1]!.staffId).provisionalMarking).toBe('High Performing');
  expect(panel.service.person(people[4]!.staffId).provisionalMarking).toBe('High Performing');
  rmSync(dir, { recursive: true, force: true });
});

test('a new panel from HR’s file goes through the wizard, and its file is made only when HR creates it', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-new-e2e-'));
  const source = join(dir, 'policy-group_2026.csv');
  writeFileSync(source, extract(Array.from({ length: 8 }, (_, i) => ({ staffId: `S10${i}`, name: `Person ${i}` }))));
  const target = join(dir, 'policy.modpanel');
  // The browser host as `npm run web -- --new-panel-from policy-group_2026.csv --panel policy.modpanel` starts it.
  const session = new GatedWebSession(target);
  const drafts = new NewPanelDrafts(() => session.locks, 'web');
  session.newPanel = drafts;
  await drafts.start(source, target);
  const host = await startWebHost({ api: createPanelApi(session), staticDir: resolve('dist/renderer') });
  try {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'New panel from policy-group_2026.csv' })).toBeVisible();
    await expect(page.getByLabel('Panel name')).toHaveValue('policy group 2026');
    await expect(page.getByLabel('Business unit')).toHaveValue('Policy Group');
    await expect(page.getByRole('heading', { name: /3 problems to fix/ })).toBeVisible();
    await page.getByLabel('Panel name').fill('Policy Group SCS');
    await page.getByLabel('Made by (HR)').fill('Hana HR');
    await shoot(page, 'new-panel-wizard');
    await expectNoAxeViolations(page);

    const fixes = page.getByRole('region', { name: 'Fix without editing the file' });
    await fixes.getByLabel('Read “Strong” in provisional_marking as').selectOption('High Performing');
    await fixes.getByRole('button', { name: 'Skip row 10 (Total)' }).click();
    await expect(page.getByRole('button', { name: 'Create the panel with 8 people' })).toBeEnabled();
    expect(existsSync(target)).toBe(false);

    await page.getByRole('button', { name: 'Create the panel with 8 people' }).click();
    await expect(page.getByRole('heading', { name: 'Protect the new panel policy.modpanel' })).toBeVisible();
    expect(existsSync(target)).toBe(false);
    await page.getByLabel('Passphrase', { exact: true }).fill('a long passphrase for tests');
    await page.getByLabel('The same passphrase again').fill('a long passphrase for tests');
    await page.getByRole('button', { name: 'Make the encrypted panel' }).click();
    await expect(page.getByRole('region', { name: 'High Performing' })).toBeVisible();
    expect(existsSync(target)).toBe(true);
    const made = ModerationService.open(target, { key: 'a long passphrase for tests' });
    try {
      expect(made.panel()).toMatchObject({ name: 'Policy Group SCS', businessUnit: 'Policy Group' });
      expect(made.people()).toHaveLength(8);
      expect(made.people().filter((p) => p.provisionalMarking === 'High Performing')).toHaveLength(2);
    } finally {
      made.close();
    }
  } finally {
    await host.close();
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HR can decide not to make the new panel: nothing is written', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-new-e2e-'));
  const source = join(dir, 'people.csv');
  writeFileSync(source, 'staff_id,name\nS1,Ada\n');
  const target = join(dir, 'people.modpanel');
  const session = new GatedWebSession(target);
  const drafts = new NewPanelDrafts(() => session.locks, 'web');
  session.newPanel = drafts;
  await drafts.start(source, target);
  const host = await startWebHost({ api: createPanelApi(session), staticDir: resolve('dist/renderer') });
  try {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'New panel from people.csv' })).toBeVisible();
    await page.getByRole('button', { name: 'Don’t make this panel' }).click();
    await expect(page.getByRole('heading', { name: 'New panel from people.csv' })).toHaveCount(0);
    expect(existsSync(target)).toBe(false);
    expect(drafts.draft()).toBeNull();
  } finally {
    await host.close();
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
