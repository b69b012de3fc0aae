// The desktop session (one panel open at a time; a panel that fails to open leaves the current one in
// place), making a new panel from an HR file, and which panel the command line asks for.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPanelApi } from '../../db/api';
import { ModerationService } from '../../db/service';
import { panelPathFromArgv } from '../../electron/argv';
import { defaultPerformanceYear } from '../../shared/performanceYear';
import { DesktopPanelSession, createPanelFromFile, panelNameFromFile } from '../../electron/session';
import { makeTempPanel, type TempPanel } from './fakes';

const hr = { name: 'Hana HR', role: 'hr' as const };
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

function tempPanel(people: number): TempPanel {
  const panel = makeTempPanel(people);
  cleanups.push(() => panel.cleanup());
  return panel;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modpanel-session-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('DesktopPanelSession', () => {
  it('says how to open a panel when none is open', async () => {
    const session = new DesktopPanelSession();
    expect(() => session.service()).toThrow(/No panel is open/);
    const result = await createPanelApi(session).getPanel({});
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('switches panels, closing the old one, and the same API then serves the new one', async () => {
    const a = tempPanel(10);
    const b = tempPanel(25);
    a.service.close();
    b.service.close();
    const session = new DesktopPanelSession();
    const api = createPanelApi(session);
    session.open(a.path);
    const first = session.service();
    const snapshotA = await api.getPanel({});
    expect(snapshotA.ok && snapshotA.value.people.length).toBe(10);
    session.open(b.path);
    expect(first.db.open).toBe(false);
    expect(session.path).toBe(b.path);
    const snapshotB = await api.getPanel({});
    expect(snapshotB.ok && snapshotB.value.people.length).toBe(25);
    session.close();
    expect(session.path).toBeNull();
  });

  it('keeps the current panel when another fails to open', () => {
    const a = tempPanel(10);
    a.service.close();
    const dir = tempDir();
    const junk = join(dir, 'junk.modpanel');
    writeFileSync(junk, 'this is not a panel file');
    const session = new DesktopPanelSession();
    session.open(a.path);
    expect(() => session.open(junk)).toThrow();
    expect(() => session.open(join(dir, 'missing.modpanel'))).toThrow(/No panel file/);
    expect(session.path).toBe(a.path);
    expect(session.service().people()).toHaveLength(10);
    session.close();
  });
});

describe('createPanelFromFile', () => {
  const header = 'staff_id,name,grade,business_unit,job_title,provisional_marking,job_weight,finance_objective,cs_start_date';
  const rows = [
    'S1,Ada Lovelace,SCS1,Digital,Director,Exceeding,1200,Met,2010-04-01',
    'S2,Alan Turing,SCS1,Digital,Deputy Director,Achieving,900,Met,2012-05-01',
    'S3,Grace Hopper,SCS2,Policy,Director,High Performing,1000,Not assessed,2015-09-01',
  ];

  it('makes a panel named after the file with everyone in it', async () => {
    const dir = tempDir();
    const source = join(dir, 'digital_group-2025.csv');
    writeFileSync(source, [header, ...rows].join('\n'));
    const target = join(dir, 'digital.modpanel');
    const made = await createPanelFromFile(source, target, hr, new Date('2026-05-10'));
    expect(made).toMatchObject({ path: target, people: 3 });
    expect(made.panel).toMatchObject({ name: 'digital group 2025', businessUnit: 'Digital', performanceYear: 2025 });
    const service = ModerationService.open(target);
    try {
      expect(service.people().map((p) => p.name).sort()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
      expect(service.audit().map((event) => event.action)).toEqual(expect.arrayContaining(['create_panel', 'import']));
    } finally {
      service.close();
    }
  });

  it('makes nothing from a file with problems, and says which rows', async () => {
    const dir = tempDir();
    const source = join(dir, 'bad.csv');
    writeFileSync(source, [header, 'S1,,SCS1,Digital,Director,Exceeding,lots,Met,2010-04-01'].join('\n'));
    const target = join(dir, 'bad.modpanel');
    await expect(createPanelFromFile(source, target, hr)).rejects.toThrow(/bad\.csv has \d+ problem\(s\), so no panel was made \(row 2/);
    expect(existsSync(target)).toBe(false);
  });

  it('never overwrites an existing file', async () => {
    const dir = tempDir();
    const source = join(dir, 'ok.csv');
    writeFileSync(source, [header, ...rows].join('\n'));
    const target = join(dir, 'existing.modpanel');
    writeFileSync(target, 'precious');
    await expect(createPanelFromFile(source, target, hr)).rejects.toThrow(/already exists/);
  });

  it('guesses the performance year and the panel name sensibly', () => {
    expect(defaultPerformanceYear(new Date('2026-05-01'))).toBe(2025);
    expect(defaultPerformanceYear(new Date('2026-01-15'))).toBe(2025);
    expect(defaultPerformanceYear(new Date('2026-10-01'))).toBe(2026);
    expect(panelNameFromFile('/x/Policy_Group--SCS.xlsx')).toBe('Policy Group SCS');
    expect(panelNameFromFile('/x/.csv')).toBe('.csv');
  });
});

describe('panelPathFromArgv', () => {
  it('reads --panel, --panel= and a bare .modpanel path, relative to the working folder', () => {
    expect(panelPathFromArgv(['/opt/electron', '.', '--panel', 'a.modpanel'], '/home/u')).toBe('/home/u/a.modpanel');
    expect(panelPathFromArgv(['/opt/electron', '.', '--panel=/abs/b.modpanel'], '/home/u')).toBe('/abs/b.modpanel');
    expect(panelPathFromArgv(['/opt/Moderation Panel', '/files/c.MODPANEL'], '/')).toBe('/files/c.MODPANEL');
    expect(panelPathFromArgv(['/opt/Moderation Panel', '--no-sandbox', 'x.modpanel'], '/w')).toBe('/w/x.modpanel');
  });

  it('finds nothing when no panel is named', () => {
    expect(panelPathFromArgv(['/opt/electron', '.'], '/w')).toBeNull();
    expect(panelPathFromArgv(['/opt/electron', '.', '--panel'], '/w')).toBeNull();
    expect(panelPathFromArgv(['/opt/electron', '.', '--panel', '--inspect'], '/w')).toBeNull();
    expect(panelPathFromArgv(['/opt/electron.modpanel'], '/w')).toBeNull();
  });
});
