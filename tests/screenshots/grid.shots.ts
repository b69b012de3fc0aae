// Screenshots for the README, taken as a person sees the app: `npm run screenshots` runs this headed
// under Xvfb at 1280x800 and 1920x1080. Not part of `npm test`: it writes into docs/screenshots.
import { mkdirSync } from 'node:fs';
import { test } from '../e2e/fixtures';

test('screenshots of the grid at 1280x800 and 1920x1080, and in presentation mode', async ({ page, panel }) => {
  mkdirSync('docs/screenshots', { recursive: true });
  // A few realistic marks first so the cards show what the room sees.
  const chair = { name: 'Panel chair', role: 'chair' as const };
  const [a, b] = panel.service.people().filter((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  panel.service.move({ staffId: a!.staffId, to: 'High Performing', reason: 'Delivered the spending review a quarter early' }, chair);
  panel.service.flag(b!.staffId, 'borderline_up', '', chair);
  await page.setViewportSize({ width: 1280, height: 800 });
  await panel.open(page);
  await page.screenshot({ path: 'docs/screenshots/grid-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'docs/screenshots/grid-1920.png' });
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await page.getByRole('checkbox', { name: 'Names as initials' }).check();
  await page.screenshot({ path: 'docs/screenshots/presentation.png' });
});

test('screenshot of the breakdowns in HR’s view with the settings open', async ({ page, panel }) => {
  await page.addInitScript(() => localStorage.setItem('modpanel-actor', JSON.stringify({ name: 'Hana HR', role: 'hr' })));
  await page.setViewportSize({ width: 1280, height: 800 });
  await panel.open(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Breakdowns', exact: true }).click();
  await page.getByText('Breakdown settings (HR)').click();
  await page.getByRole('table').first().waitFor();
  await page.screenshot({ path: 'docs/screenshots/breakdowns-hr.png' });
});
