// The README's pictures of the room at projector scale (issue 10): presentation mode with a 60-person panel
// (6 / 16 / 34 / 4) at 1280×720 and 150 people at 1920×1080, everyone on one screen. `npm run screenshots`
// takes them headed under Xvfb; not part of `npm test`.
import { mkdirSync } from 'node:fs';
import { test, expect } from '../e2e/fixtures';
import { panelOfShape } from '../e2e/roomPanels';

const CHAIR = { name: 'Dr Ada Chair', role: 'chair' as const };

test.describe('60 people at 1280×720', () => {
  test.use({ records: panelOfShape([6, 16, 34, 4]) });

  test('presentation mode, the whole panel', async ({ page, panel }) => {
    mkdirSync('docs/screenshots', { recursive: true });
    const [mover] = panel.service.people().filter((p) => p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
    panel.service.move({ staffId: mover!.staffId, to: 'High Performing', reason: 'Delivered the spending review a quarter early' }, CHAIR);
    await page.addInitScript((actor) => localStorage.setItem('modpanel-actor', JSON.stringify(actor)), CHAIR);
    await page.setViewportSize({ width: 1280, height: 720 });
    await panel.open(page);
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await expect(page.getByTestId('layout-status')).toContainText('everyone on screen');
    await page.screenshot({ path: 'docs/screenshots/presentation-60-1280.png' });
  });
});

test.describe('150 people at 1920×1080', () => {
  test.use({ records: panelOfShape([15, 40, 85, 10]) });

  test('presentation mode, names as initials', async ({ page, panel }) => {
    mkdirSync('docs/screenshots', { recursive: true });
    const [flagged] = panel.service.people().filter((p) => p.moderatedMarking === 'High Performing');
    panel.service.flag(flagged!.staffId, 'borderline_up', '', CHAIR);
    await page.addInitScript((actor) => localStorage.setItem('modpanel-actor', JSON.stringify(actor)), CHAIR);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await panel.open(page);
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await page.getByRole('checkbox', { name: 'Names as initials' }).check();
    await expect(page.getByTestId('layout-status')).toContainText('everyone on screen');
    await page.screenshot({ path: 'docs/screenshots/presentation-150-1920.png' });
  });
});
