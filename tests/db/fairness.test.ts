// Breakdowns as the panel sees them: through the API with the actor's role, the CLI's JSON shape,
// the outcome pack's Summary and Breakdowns sheets, and the grid's fairness check.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModerationService } from '../../db/service';
import { openPanelDatabase } from '../../db/connection';
import { createPanelApi } from '../../db/api';
import { main } from '../../cli/main';
import { parsed, record } from './helpers';
import type { BoxMarking } from '../../shared/domain';
import type { ImportRecord } from '../../shared/importTypes';

const hr = { name: 'Hana HR', role: 'hr' as const };
const chair = { name: 'Pat Chair', role: 'chair' as const };
let dir: string;
let path: string;
let service: ModerationService;

/** 40 full-time and 12 part-time people with known markings, and 3 in a tiny "Job share" group. */
function people() {
  const records: ImportRecord[] = [];
  const add = (pattern: string, marking: BoxMarking, count: number) => {
    for (let i = 0; i < count; i++) {
      records.push(record(`${pattern[0]}${marking[0]}${records.length}`, { provisionalMarking: marking, characteristics: { working_pattern: pattern } }));
    }
  };
  add('Full time', 'Exceeding', 6);
  add('Full time', 'High Performing', 10);
  add('Full time', 'Achieving', 22);
  add('Full time', 'Partially Met', 2);
  add('Part time', 'High Performing', 1);
  add('Part time', 'Achieving', 9);
  add('Part time', 'Partially Met', 2);
  add('Job share', 'Exceeding', 3);
  return records;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modpanel-fair-'));
  path = join(dir, 'p.modpanel');
  service = ModerationService.create(path, { name: 'Fair panel', businessUnit: 'Ops', performanceYear: 2025 }, hr);
  service.applyImport(parsed(people()), hr);
});
afterEach(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('breakdown through the API', () => {
  it('gives HR every number and others the suppressed copy', async () => {
    const api = createPanelApi({ service: () => service });
    const forHr = await api.breakdown({ actor: hr, characteristic: 'working_pattern', stage: 'provisional' });
    const forChair = await api.breakdown({ actor: chair, characteristic: 'working_pattern', stage: 'provisional' });
    if (!forHr.ok || !forChair.ok) throw new Error('breakdown failed');
    const partTime = forHr.value.breakdown.groups.find((g) => g.group === 'Part time')!;
    expect(partTime).toMatchObject({ n: 12, top_rate: 1 / 12, bottom_rate: 2 / 12 });
    expect(partTime.top_impact_ratio).toBeCloseTo(1 / 12 / 1, 12); // Job share (3 of 3) is highest in HR's view
    const jobShareForChair = forChair.value.breakdown.groups.find((g) => g.group === 'Job share')!;
    expect(jobShareForChair).toMatchObject({ suppressed: true, counts: null, n: null });
    // exactly one small group: the next smallest is suppressed too, so totals cannot reveal it
    expect(forChair.value.breakdown.groups.filter((g) => g.suppressed).map((g) => g.group).sort()).toEqual(['Job share', 'Part time']);
    expect(forChair.value.characteristics).toEqual(['working_pattern', 'grade', 'line_manager']);
  });

  it('follows a move at once', async () => {
    const api = createPanelApi({ service: () => service });
    const before = await api.breakdown({ actor: hr, characteristic: 'working_pattern', stage: 'moderated' });
    const someone = service.people().find((p) => p.characteristics.working_pattern === 'Part time' && p.moderatedMarking === 'Achieving')!;
    await api.move({ actor: chair, staffId: someone.staffId, to: 'High Performing', reason: 'Evidence reviewed' });
    const after = await api.breakdown({ actor: hr, characteristic: 'working_pattern', stage: 'moderated' });
    if (!before.ok || !after.ok) throw new Error('breakdown failed');
    const count = (r: typeof before) => (r.ok ? r.value.breakdown.groups.find((g) => g.group === 'Part time')!.counts!['High Performing'] : -1);
    expect(count(after)).toBe(count(before) + 1);
  });

  it('refuses a characteristic the panel does not hold, saying which it has', async () => {
    const api = createPanelApi({ service: () => service });
    const result = await api.breakdown({ actor: hr, characteristic: 'religion_or_belief' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/no "religion_or_belief" data; it has working_pattern, grade, line_manager/);
  });

  it('never sends characteristics with a person to the window', async () => {
    const api = createPanelApi({ service: () => service });
    const snapshot = await api.getPanel({});
    if (!snapshot.ok) throw new Error('getPanel failed');
    expect(snapshot.value.people.every((p) => Object.keys(p.characteristics).length === 0)).toBe(true);
  });
});

describe('modpanel breakdown', () => {
  it('prints the documented JSON shape with unrounded numbers', async () => {
    const out: string[] = [];
    service.close();
    const code = await main(['breakdown', path, '--by', 'working_pattern', '--stage', 'provisional', '--role', 'hr', '--json'], { out: (t) => out.push(t), err: () => {} });
    service = ModerationService.open(path);
    expect(code).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json).toMatchObject({ characteristic: 'working_pattern', stage: 'provisional', threshold: 5, reference_group: 'Full time' });
    const fullTime = json.groups.find((g: { group: string }) => g.group === 'Full time');
    expect(fullTime).toMatchObject({
      n: 40,
      compared: true,
      counts: { Exceeding: 6, 'High Performing': 10, Achieving: 22, 'Partially Met': 2 },
      percent: { Exceeding: 15, 'High Performing': 25, Achieving: 55, 'Partially Met': 5 },
      top_rate: 0.4,
      bottom_rate: 0.05,
      top_relative_likelihood: 1,
    });
    for (const key of ['top_impact_ratio', 'bottom_relative_likelihood', 'fisher_top_p', 'fisher_bottom_p']) expect(fullTime).toHaveProperty(key);
    expect(Object.keys(json.chi_square).sort()).toEqual(['df', 'min_expected', 'p_value', 'statistic']);
  });
});

describe('outcome pack', () => {
  it('adds a Summary with the return figures and suppressed Breakdowns to the XLSX', async () => {
    service.close();
    const out = join(dir, 'pack.xlsx');
    expect(await main(['export', path, out], { out: () => {}, err: () => {} })).toBe(0);
    service = ModerationService.open(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet('Summary')!;
    const rows = (summary.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    // The Cabinet Office return (paras 91-94): 92a combined and each box, over the 55 eligible, 1 d.p. half up.
    expect(rows).toContainEqual(['People eligible for moderation (the base of every percentage)', 55]);
    expect(rows).toContainEqual(['92a: Exceeding and High Performing', 20, 36.4]);
    expect(rows).toContainEqual(['Exceeding', 9, 16.4]);
    expect(rows).toContainEqual(['High Performing', 11, 20]);
    expect(rows).toContainEqual(['Achieving', 31, 56.4]);
    expect(rows).toContainEqual(['Partially Met (92b)', 4, 7.3]);
    expect(rows).toContainEqual(['Para 94: on formal poor performance measures', 0]);
    expect(rows).toContainEqual(['End-year award: eligible (Exceeding; para 73)', 9]);
    expect(rows).toContainEqual(["End-year award: at the department's discretion (High Performing; setting: At the department's discretion)", 11]);
    expect(rows).toContainEqual(['In-year award: eligible (not on formal poor performance measures; para 51)', 55]);
    expect(rows).toContainEqual(['92c: in-year payments made', 'Not in the file']);
    const breakdowns = (workbook.getWorksheet('Breakdowns')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    // A suppressed group is not named in a file sent on: one "Other groups" row stands for them (issue 9).
    expect(breakdowns.find((r) => r[1] === 'Job share')).toBeUndefined();
    const others = breakdowns.find((r) => r[0] === 'working pattern' && r[1] === 'Other groups')!;
    expect(others.slice(3)).toEqual(Array(14).fill('[c]'));
    expect(breakdowns.find((r) => r[1] === 'Full time')![3]).toBe('40');
  });
});

describe('discussion times stay with HR', () => {
  it('leaves per-person discussion events out of the log for anyone but HR', async () => {
    const api = createPanelApi({ service: () => service });
    const someone = service.people()[0]!.staffId;
    await api.startDiscussion({ actor: chair, staffId: someone });
    await api.endDiscussion({ actor: chair });
    const actions = async (role?: 'hr' | 'chair') => {
      const result = await api.audit(role ? { role } : {});
      return result.ok ? result.value.map((e) => e.action) : [];
    };
    expect(await actions('hr')).toEqual(expect.arrayContaining(['discussion_start', 'discussion_end']));
    expect(await actions('chair')).not.toContain('discussion_start');
    expect(await actions()).not.toContain('discussion_end');
    const detail = await api.getPerson({ staffId: someone, role: 'chair' });
    expect(detail.ok && detail.value.audit.map((e) => e.action)).not.toContain('discussion_start');
  });
});

describe('special category data stays in the panel file', () => {
  it('only HR may lower the small-number threshold', async () => {
    const api = createPanelApi({ service: () => service });
    const chairView = await api.breakdown({ actor: chair, characteristic: 'working_pattern', stage: 'provisional', threshold: 1 });
    const hrView = await api.breakdown({ actor: hr, characteristic: 'working_pattern', stage: 'provisional', threshold: 1 });
    if (!chairView.ok || !hrView.ok) throw new Error('breakdown failed');
    expect(chairView.value.threshold).toBe(5);
    expect(chairView.value.breakdown.groups.find((g) => g.group === 'Job share')!.suppressed).toBe(true);
    expect(hrView.value.breakdown.groups.find((g) => g.group === 'Job share')!.suppressed).toBe(false);
    service.close();
    const out: string[] = [];
    await main(['breakdown', path, '--by', 'working_pattern', '--threshold', '1', '--json'], { out: (t) => out.push(t), err: () => {} });
    service = ModerationService.open(path);
    expect(JSON.parse(out.join('\n')).groups.find((g: { group: string }) => g.group === 'Job share').suppressed).toBe(true);
  });

  it('a re-import records that diversity data changed, never the values, outside HR', async () => {
    const someone = service.people()[0]!;
    const changed = people().map((r) => (r.staffId === someone.staffId ? { ...r, characteristics: { working_pattern: 'Compressed hours' } } : r));
    service.applyImport(parsed(changed), hr);
    const api = createPanelApi({ service: () => service });
    const log = await api.audit({ role: 'chair', action: 'update_person' });
    expect(JSON.stringify(log)).not.toMatch(/Compressed hours/);
    expect(JSON.stringify(log)).toMatch(/diversity data/);
    const out = join(dir, 'pack.xlsx');
    service.close();
    await main(['export', path, out], { out: () => {}, err: () => {} });
    const listed: string[] = [];
    await main(['list', path, '--json'], { out: (t) => listed.push(t), err: () => {} });
    service = ModerationService.open(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const changes = JSON.stringify(workbook.getWorksheet('Changes')!.getSheetValues());
    expect(changes).toMatch(/diversity data updated/);
    expect(changes).not.toMatch(/Compressed hours|Full time|Part time/);
    expect(listed.join('\n')).not.toMatch(/working_pattern/);
  });
});

describe('breakdown settings per panel', () => {
  it('HR changes the threshold and the groups not compared; breakdowns follow and the log records it', async () => {
    const api = createPanelApi({ service: () => service });
    const updated = await api.updateSettings({ actor: hr, suppressionThreshold: 3, notComparedGroups: ['Job share', 'Not recorded'] });
    expect(updated.ok && updated.value.panel).toMatchObject({ suppressionThreshold: 3, notComparedGroups: ['Job share', 'Not recorded'] });
    const view = await api.breakdown({ actor: chair, characteristic: 'working_pattern', stage: 'provisional' });
    if (!view.ok) throw new Error('breakdown failed');
    const jobShare = view.value.breakdown.groups.find((g) => g.group === 'Job share')!;
    expect(jobShare).toMatchObject({ compared: false, suppressed: false, n: 3 });
    expect(service.audit({ action: 'settings' })[0]).toMatchObject({ actor: 'Hana HR', after: { suppressionThreshold: 3 } });
  });

  it('a panel file from the first schema gains the default list when opened', () => {
    service.close();
    const db = openPanelDatabase(path);
    // Back to the first schema: drop every table and column later migrations added.
    const FIRST_SCHEMA: Record<string, string[]> = {
      panel: ['id', 'name', 'business_unit', 'performance_year', 'stage', 'eligibility_cutoff', 'status', 'finalised_at', 'finalised_by', 'suppression_threshold', 'created_at'],
      person: ['id', 'staff_id', 'name', 'grade', 'business_unit', 'job_title', 'line_manager', 'job_weight', 'cs_start_date', 'poor_performance_measures', 'corporate_contribution', 'eligible',
        'provisional_marking', 'q1_marking', 'q2_marking', 'q3_marking', 'mid_year_marking', 'moderated_marking', 'change_reason', 'sort_key', 'default_rank', 'manual_order',
        'finance_objective', 'finance_note', 'characteristics'],
      flag: ['person_id', 'kind', 'text', 'created_at', 'created_by'],
      note: ['id', 'person_id', 'text', 'created_at', 'author', 'role', 'deleted'],
      audit: ['id', 'at', 'actor', 'role', 'action', 'staff_id', 'before', 'after', 'reason', 'refers_to'],
    };
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    db.pragma('foreign_keys = OFF');
    for (const table of tables.filter((t) => !(t in FIRST_SCHEMA))) db.exec(`DROP TABLE ${table}`);
    for (const [table, columns] of Object.entries(FIRST_SCHEMA)) {
      for (const { name } of db.pragma(`table_info(${table})`) as { name: string }[]) {
        if (!columns.includes(name)) db.exec(`ALTER TABLE ${table} DROP COLUMN ${name}`);
      }
    }
    db.pragma('user_version = 1');
    db.close();
    service = ModerationService.open(path);
    expect(service.panel().notComparedGroups).toEqual(['Not recorded', 'Prefer not to say', 'Unknown', 'Not declared']);
  });
});
