// Before finalising (issue 10): what the rules refuse, each quoting its paragraph, the pre-flight checklist
// that only warns, and a sign-off by a named person. The command line prints the same checklist.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flag, Person } from '../../shared/domain';
import { finalisePreflight, finaliseProblems, finaliseRefusals, preflightLines, signerProblem, type PreflightEvent } from '../../shared/finalise';
import { modpanel } from '../cli/runModpanel';
import { person } from '../renderer/people';

const flag = (kind: Flag['kind']): Flag => ({ kind, text: '', createdAt: '2026-12-02T09:00:00.000Z', createdBy: 'Pat Chair' });

describe('what finalise refuses', () => {
  const cases: [string, Partial<Person>, RegExp | null][] = [
    // Paras 81, 91-92: everyone eligible is moderated and counted.
    ['eligible with no moderated marking', { moderatedMarking: null }, /has no moderated marking: place them in a box/],
    // Annex D 4.a: "individuals who have not met their finance/efficiency objective cannot be placed above Achieving".
    ['High Performing with the finance objective not met', { moderatedMarking: 'High Performing', provisionalMarking: 'High Performing', financeObjective: 'Not met' }, /did not meet the finance objective/],
    // Para 81: recommendations "should not be unduly changed", so every change has a recorded reason.
    ['moved with no reason', { moderatedMarking: 'Partially Met', changeReason: null }, /moved from Achieving to Partially Met with no recorded reason/],
    // Para 34: staff "must demonstrate" a significant corporate contribution "to be eligible" for Exceeding.
    ['Exceeding with no contribution', { moderatedMarking: 'Exceeding', provisionalMarking: 'Exceeding' }, /no significant corporate contribution/],
    ['Exceeding with the contribution the panel saw', { moderatedMarking: 'Exceeding', provisionalMarking: 'Exceeding', corporateContributionEvidence: 'Led the cross-government review' }, null],
    ['listed apart (paras 69-70): not this panel’s to resolve', { eligible: false, eligibility: 'joined_after_cutoff', moderatedMarking: null }, null],
    ['moved with a reason', { moderatedMarking: 'High Performing', changeReason: 'Led the spending review' }, null],
  ];
  it.each(cases)('%s', (_label, patch, expected) => {
    const refusals = finaliseRefusals([person('A1', { name: 'Ann Able', ...patch })]);
    if (expected === null) expect(refusals).toEqual([]);
    else {
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatchObject({ staffId: 'A1', name: 'Ann Able' });
      expect(refusals[0]!.text).toMatch(expected);
      // The text leaves the name out, so the projector can show initials; the service's sentence adds it.
      expect(refusals[0]!.text).not.toContain('Ann Able');
      expect(finaliseProblems([person('A1', { name: 'Ann Able', ...patch })])[0]).toMatch(/^Ann Able \(A1\) /);
    }
  });
});

describe('the signer is a named person', () => {
  it.each([
    ['Pat Chair', null],
    ['Dr Jane Chair', null],
    ['', /Enter the chair’s name/],
    ['   ', /Enter the chair’s name/],
    ['Panel chair', /is a role, not a person/],
    ['panel CHAIR', /is a role, not a person/],
    ['HR', /is a role, not a person/],
  ])('%j', (name, expected) => {
    const problem = signerProblem(name);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('the pre-flight checklist warns and never refuses', () => {
  const now = '2026-12-02T10:00:00.000Z';
  const people = [
    person('Q1', { name: 'Queued Undiscussed' }),
    person('Q2', { name: 'Queued Discussed' }),
    person('B1', { name: 'Bea Borderline', flags: [flag('borderline_up')] }),
    person('B2', { name: 'Bo Discuss', flags: [flag('discuss')] }),
    person('F1', { name: 'Fin Unassessed', financeObjective: 'Not assessed' }),
    person('L1', { name: 'Lee Apart', eligible: false, eligibility: 'joined_after_cutoff', moderatedMarking: null, financeObjective: 'Not assessed' }),
    person('R1', { name: 'Rae Recent' }),
    person('R2', { name: 'Ray Earlier' }),
  ];
  const event = (staffId: string, minutesAgo: number, action: PreflightEvent['action'] = 'move'): PreflightEvent => ({
    at: new Date(Date.parse(now) - minutesAgo * 60_000).toISOString(),
    action,
    staffId,
    actor: 'Pat Chair',
    role: 'chair',
  });
  const sections = finalisePreflight({
    people,
    queue: ['Q1', 'Q2', 'B1', 'B2'],
    discussed: new Set(['Q2', 'B2']),
    events: [event('R1', 3), event('R1', 1, 'flag'), event('R2', 25), event('Q2', 2, 'discussion_start'), event('F1', 4, 'note')],
    now,
  });
  const ids = (kind: string) => sections.find((s) => s.kind === kind)!.items.map((i) => i.staffId);

  it('lists the queue’s cases never discussed, in queue order', () => {
    expect(ids('undiscussed')).toEqual(['Q1', 'B1']);
  });
  it('lists borderline flags still set (para 88), not other flags', () => {
    expect(ids('borderline')).toEqual(['B1']);
    expect(sections.find((s) => s.kind === 'borderline')!.items[0]!.text).toMatch(/Borderline up flag/);
  });
  it('lists finance objectives still “Not assessed” for people this panel moderates', () => {
    expect(ids('finance_not_assessed')).toEqual(['F1']);
  });
  it('lists people changed in the last 10 minutes once each, newest first, not notes or discussions', () => {
    expect(ids('recent_change')).toEqual(['R1']);
    expect(sections.find((s) => s.kind === 'recent_change')!.items[0]!.text).toBe('was changed 1 minute ago (flagged, by Pat Chair)');
  });
  it('prints as lines for the command line, naming each person with their staff id', () => {
    const lines = preflightLines(sections);
    expect(lines).toContain('  - Queued Undiscussed (Q1) is in the discussion queue and was not discussed');
    expect(lines.some((l) => l.startsWith('Changed in the last 10 minutes (1)'))).toBe(true);
  });
  it('is empty when there is nothing to check', () => {
    const clean = finalisePreflight({ people: [person('A1')], queue: [], discussed: new Set(), events: [], now });
    expect(preflightLines(clean)).toEqual([]);
  });
});

describe('modpanel finalise', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'modpanel-preflight-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));


  it('prints the pre-flight checklist as warnings, then finalises; a role label cannot sign', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(
      file,
      [
        'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date',
        'S1,Ann Able,SCS1,Policy,DD,Mo Manager,12,Achieving,Met,Yes,2015-04-01',
        'S2,Ben Best,SCS2,Policy,Director,Mo Manager,18,Achieving,Not assessed,No,2012-01-01',
      ].join('\n'),
    );
    const panel = join(dir, 'p.modpanel');
    expect((await modpanel('import', file, '--panel', panel, '--name', 'Policy SCS', '--year', '2025')).code).toBe(0);
    expect((await modpanel('flag', panel, 'S1', 'borderline_up', '--actor', 'Pat Chair')).code).toBe(0);

    const asRole = await modpanel('finalise', panel, '--actor', 'Panel chair');
    expect(asRole.code).toBe(1);
    expect(asRole.stderr).toMatch(/“Panel chair” is a role, not a person/);

    const done = await modpanel('finalise', panel, '--actor', 'Pat Chair');
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/Warning: before finalising, check:/);
    expect(done.stderr).toMatch(/Ann Able \(S1\) is in the discussion queue and was not discussed/);
    expect(done.stderr).toMatch(/Ann Able \(S1\) still has the Borderline up flag/);
    expect(done.stderr).toMatch(/Ben Best \(S2\) has a finance objective still “Not assessed”/);
    expect(done.stderr).toMatch(/Ann Able \(S1\) was changed less than a minute ago \(flagged, by Pat Chair\)/);
    expect(done.stdout).toMatch(/Finalised by Pat Chair/);
  });
});
