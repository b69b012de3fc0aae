// Screens of what leaves the room (issue 7) for a person to look at, not assertions: `npm run screenshots`
// takes them headed under Xvfb with the README's pictures, into SCREENS_DIR (default test-results/screens/outcome).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { generatePeople, peopleToCsv } from '../../shared/sampleData';
import type { Role } from '../../shared/domain';
import type { ImportRecord } from '../../shared/importTypes';
import { test, expect } from '../e2e/fixtures';

const FINANCE = { name: 'Fran Finance', role: 'finance' as const };

async function actAs(page: Page, name: string, role: Role): Promise<void> {
  await page.addInitScript((actor) => localStorage.setItem('modpanel-actor', JSON.stringify(actor)), { name, role });
}

async function showView(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true }).click();
}

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'modpanel-outcome-')), name);
  writeFileSync(path, text);
  return path;
}

/** The fixture's own people (same generator and seed), as HR's file gives them. */
function hrPeople(): ImportRecord[] {
  return generatePeople(60, { seed: 2025, performanceYear: 2025 });
}

function card(page: Page, staffId: string): Locator {
  return page.locator(`article[data-staff-id="${staffId}"]`);
}

test('what leaves the room, at 1280x720 and 1920x1080: the import summary and conflicts, settings, a refused finalise, the return, the contribution', async ({ page, panel }) => {
  const dir = process.env.SCREENS_DIR ?? 'test-results/screens/outcome';
  mkdirSync(dir, { recursive: true });
  const people = hrPeople().slice(0, -3);
  people.push({ ...people[0]!, staffId: 'NEW001', name: 'Nia Newcomer', csStartDate: null });
  const annotated = panel.service.people().find((p) => p.eligible && p.financeObjective === 'Met' && p.moderatedMarking === 'Achieving')!;
  panel.service.setFinance(annotated.staffId, 'Not met', 'Overspent the programme by 6%', FINANCE);
  const file = writeTemp('hr-subset.csv', peopleToCsv(people));
  const exceeding = panel.service.people().find((p) => p.eligible && p.moderatedMarking === 'Exceeding' && !p.corporateContribution)!;
  const mover = panel.service.people().find((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met' && !p.corporateContribution && p.staffId !== annotated.staffId)!;
  await actAs(page, 'Hana HR', 'hr');
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    const shot = (name: string) => page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: false });
    await panel.open(page);
    await showView(page, 'Import');
    await page.getByLabel('File from HR (CSV or Excel .xlsx)').setInputFiles(file);
    await expect(page.getByTestId('import-conflicts')).toBeVisible();
    await page.getByRole('heading', { name: /^Summary of/ }).scrollIntoViewIfNeeded();
    await shot('import-summary');
    await page.getByRole('heading', { name: /Differences from the panel/ }).scrollIntoViewIfNeeded();
    await shot('import-conflicts');
    await showView(page, 'Export');
    await page.getByRole('region', { name: 'Panel settings (HR)' }).scrollIntoViewIfNeeded();
    await shot('settings');
    await page.getByRole('button', { name: 'Finalise panel…' }).first().click();
    await expect(page.getByRole('list', { name: 'What to resolve before finalising' })).toBeVisible();
    await shot('finalise-refused');
    await page.keyboard.press('Escape');
    await showView(page, 'Panel record');
    await page.getByRole('heading', { name: '3. Cabinet Office return (paras 91–94)' }).scrollIntoViewIfNeeded();
    await shot('record-return');
    await showView(page, 'Grid');
    await card(page, exceeding.staffId).getByRole('button', { name: /^Details/ }).click();
    await page.getByRole('heading', { name: 'Corporate contribution (para 34)' }).scrollIntoViewIfNeeded();
    await shot('person-contribution');
    await page.keyboard.press('Escape');
    // The move is the chair's to make: HR's menu offers no box.
    await page.getByRole('button', { name: 'Change who you are' }).click();
    const who = page.getByRole('dialog', { name: 'Who is making changes?' });
    await who.getByRole('textbox', { name: 'Your name' }).fill('Dr Ada Chair');
    await who.getByRole('combobox', { name: 'Your role' }).selectOption('chair');
    await who.getByRole('button', { name: 'Save' }).click();
    await expect(who).toBeHidden();
    await card(page, mover.staffId).getByRole('button', { name: /^Move to…/ }).click();
    await page.getByRole('menuitem', { name: /^Exceeding/ }).click();
    await shot('move-exceeding');
    await page.keyboard.press('Escape');
    await page.locator('.listed-apart').scrollIntoViewIfNeeded();
    await shot('listed-apart');
  }
});
