// Trusting the panel file, in the window through the real web host: opening an encrypted panel with its
// passphrase, "Not encrypted" said plainly, Verify history catching an edit made behind the app's back,
// and a second writer (the command line) whose changes the window picks up — or refuses to overwrite.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPanelApi } from '../../db/api';
import { demoRecordsImport } from '../../db/demo';
import { createPanelWithImport } from '../../db/newPanel';
import { ModerationService } from '../../db/service';
import { startWebHost, type WebHost } from '../../web/host';
import { GatedWebSession } from '../../web/lockedSession';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3-multiple-ciphers') as typeof import('better-sqlite3-multiple-ciphers/types');
const SHOTS = process.env.TRUST_SHOTS ?? join(tmpdir(), 'modpanel-trust-shots');

interface HostedPanel {
  path: string;
  host: WebHost;
  session: GatedWebSession;
}

const test = base.extend<{ hosted: (options: { key?: string }) => Promise<HostedPanel> }>({
  hosted: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'modpanel-e2e-trust-'));
    const started: HostedPanel[] = [];
    await use(async ({ key }) => {
      const path = join(dir, 'policy.modpanel');
      createPanelWithImport(path, { name: 'Policy Group SCS', businessUnit: 'Policy Group', performanceYear: 2025 }, demoRecordsImport(60), { name: 'E2E setup', role: 'hr' }, key ? { key } : {});
      const session = new GatedWebSession(path);
      await session.locks.open(path);
      const host = await startWebHost({ api: createPanelApi(session), staticDir: resolve('dist/renderer') });
      const hosted = { path, host, session };
      started.push(hosted);
      return hosted;
    });
    for (const { host, session } of started) {
      await host.close();
      session.close();
    }
    rmSync(dir, { recursive: true, force: true });
  },
});

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('an encrypted panel opens in the window with its passphrase', async ({ page, hosted }) => {
  const { host } = await hosted({ key: 'Correct Horse Battery' });
  await page.goto(host.url);
  const prompt = page.getByRole('main', { name: 'policy.modpanel is encrypted' });
  await expect(prompt).toBeVisible();
  await expect(prompt.getByRole('textbox', { name: 'Passphrase', exact: true })).toBeFocused();
  // The browser host has nowhere safe to keep a passphrase, and says so.
  await expect(prompt.getByRole('checkbox', { name: /Remember the passphrase/ })).toBeDisabled();
  await expect(prompt).toContainText('This host does not remember passphrases');
  await shoot(page, 'unlock');

  await prompt.getByRole('textbox', { name: 'Passphrase', exact: true }).fill('correct horse battery');
  await prompt.getByRole('button', { name: 'Open the panel' }).click();
  await expect(prompt.getByRole('alert')).toHaveText(/That passphrase does not open this panel\. Check it \(passphrases are case-sensitive\)/);
  await shoot(page, 'unlock-wrong');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await prompt.getByRole('textbox', { name: 'Passphrase', exact: true }).fill('Correct Horse Battery');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Achieving', exact: true })).toBeVisible();
  await expect(page.getByTestId('security-badge')).toHaveText('Encrypted');
  await expect(page).not.toHaveTitle(/Not encrypted/);
});

test('a panel that is not encrypted says so in the title and the header', async ({ page, hosted }) => {
  const { host } = await hosted({});
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: 'Achieving', exact: true })).toBeVisible();
  await expect(page.getByTestId('security-badge')).toHaveText('Not encrypted');
  await expect(page).toHaveTitle('Grid · Policy Group SCS · Not encrypted · Moderation Panel');
  await shoot(page, 'not-encrypted');
  // The export says its file is not encrypted; the panel record prints the history check and its hash.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-not-encrypted')).toContainText('The exported file is not encrypted.');
  await page.getByRole('button', { name: 'Panel record' }).click();
  await expect(page.getByTestId('record-history')).toContainText('History checked: intact.');
  await expect(page.getByTestId('record-history')).toContainText(/History hash \(event #2\): [0-9a-f]{64}/);
  await page.getByTestId('record-history').scrollIntoViewIfNeeded();
  await shoot(page, 'record-history');
});

test('Verify history says the history is intact, then names the person whose marking was edited with SQL', async ({ page, hosted }) => {
  const { host, path, session } = await hosted({});
  await page.goto(host.url);
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Verify history' }).click();
  const check = page.getByTestId('history-check');
  await expect(check.getByRole('heading')).toHaveText('The history is intact');
  await expect(check).toContainText('the markings, annotations and flags of 60 people equal the replay of the log');
  await shoot(page, 'history-intact');

  const victim = session.service().people().find((p) => p.eligible && p.moderatedMarking === 'Achieving')!;
  const db = new Database(path);
  db.prepare("UPDATE person SET moderated_marking = 'Exceeding' WHERE staff_id = ?").run(victim.staffId);
  db.close();
  await page.getByRole('button', { name: 'Verify history' }).click();
  await expect(check.getByRole('heading')).toHaveText('The history does not match the panel');
  await expect(check).toContainText(`${victim.name} (${victim.staffId}): the moderated marking is "Exceeding" in the panel, but the history says "Achieving"`);
  await shoot(page, 'history-broken');
});

test('the window picks up a move made from the command line, and never overwrites it from a stale view', async ({ page, hosted }) => {
  const { host, path, session } = await hosted({});
  await page.goto(host.url);
  await expect(page.getByRole('region', { name: 'Achieving', exact: true })).toBeVisible();
  const [first, second] = session.service().people().filter((p) => p.eligible && p.moderatedMarking === 'Achieving' && p.financeObjective === 'Met');
  const cli = ModerationService.open(path, { program: 'cli' });
  cli.move({ staffId: first!.staffId, to: 'Partially Met', reason: 'Agreed before the meeting' }, { name: 'Pat Chair', role: 'chair' });

  // Seen within a few seconds, and said in the live region.
  const partiallyMet = page.getByRole('region', { name: 'Partially Met', exact: true });
  await expect(partiallyMet.locator(`[data-staff-id="${first!.staffId}"]`)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('live-region')).toContainText('changed in another window or from the command line');

  // Now the window stops hearing about changes, and the CLI moves someone else behind its back.
  await page.route(/\/api\/panelVersion(\?|$)/, (route) => route.abort());
  cli.move({ staffId: second!.staffId, to: 'Partially Met', reason: 'Agreed before the meeting' }, { name: 'Pat Chair', role: 'chair' });
  cli.close();
  const card = page.getByRole('region', { name: 'Achieving', exact: true }).locator(`article[data-staff-id="${second!.staffId}"]`);
  await card.getByRole('button', { name: /^Move to…/ }).click();
  await page.getByRole('menuitem', { name: /^High Performing/ }).click();
  await page.getByRole('textbox', { name: 'Reason for the change' }).fill('Led the spending review');
  await page.getByRole('button', { name: 'Move to High Performing' }).click();
  await expect(page.getByTestId('error-banner')).toContainText(
    `${second!.name} was changed by Pat Chair with modpanel (the command line) at`,
  );
  await expect(page.getByTestId('error-banner')).toContainText('your change was not made');
  // The window now shows where the CLI put them, and the file keeps the CLI's move.
  await expect(partiallyMet.locator(`[data-staff-id="${second!.staffId}"]`)).toBeVisible();
  expect(session.service().person(second!.staffId).moderatedMarking).toBe('Partially Met');
  await shoot(page, 'changed-elsewhere');
});

test('a new panel from HR\'s file is encrypted unless HR explicitly chooses not to (the desktop app\'s prompt)', async ({ page, hosted }) => {
  const { host } = await hosted({});
  // The desktop app's main process puts a new panel in this state after its native dialogs; the browser host
  // never does, so the host's answers are stood in for here and the window's requests recorded.
  const sent: unknown[] = [];
  const waiting = { locked: true, waitingFor: 'new_panel', fileName: 'digital.modpanel', canCancel: true, canRemember: true, rememberNote: 'Kept encrypted with your desktop\'s keyring (gnome_libsecret).', remembered: false, encrypted: false, problem: null };
  let locked = true;
  await page.route(/\/api\/lockState(\?|$)/, (route) => route.fulfill({ json: { ok: true, value: locked ? waiting : { ...waiting, locked: false, waitingFor: null } } }));
  await page.route(/\/api\/protectNewPanel(\?|$)/, async (route) => {
    sent.push(route.request().postDataJSON());
    locked = false;
    await route.fulfill({ json: { ok: true, value: { fileName: 'digital.modpanel', encrypted: false } } });
  });
  await page.goto(host.url);
  const prompt = page.getByRole('main', { name: 'Protect the new panel digital.modpanel' });
  await expect(prompt).toBeVisible();
  await shoot(page, 'new-panel');

  // Nothing typed is not "no encryption": it is asked for again.
  await prompt.getByRole('button', { name: 'Make the encrypted panel' }).click();
  await expect(prompt.getByRole('alert')).toHaveText('Choose a passphrase, or choose explicitly not to encrypt this panel.');
  await prompt.getByRole('textbox', { name: 'Passphrase', exact: true }).fill('Strong passphrase');
  await prompt.getByRole('textbox', { name: 'The same passphrase again' }).fill('Strong passphrase!');
  await prompt.getByRole('button', { name: 'Make the encrypted panel' }).click();
  await expect(prompt.getByRole('alert')).toHaveText('The two passphrases differ: type the same passphrase in both boxes.');
  expect(sent).toEqual([]);

  await prompt.getByRole('checkbox', { name: /Do not encrypt this panel/ }).check();
  await expect(prompt.getByRole('textbox', { name: 'Passphrase', exact: true })).toHaveCount(0);
  await prompt.getByRole('button', { name: 'Make the panel without encryption' }).click();
  await expect(page.getByRole('region', { name: 'Achieving', exact: true })).toBeVisible();
  expect(sent).toEqual([{ passphrase: null, remember: false }]);
  await expect(page.getByTestId('security-badge')).toHaveText('Not encrypted');
});
