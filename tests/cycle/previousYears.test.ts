// Previous years (issue 8): optional previous_marking_1 / previous_marking_2 columns, or last year's outcome
// file; the card's trend; "Partially Met again" and "Exceeding again" suggested for discussion (the tool's
// suggestion, said so); movement against last year by group.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPanelApi } from '../../db/api';
import { parseImportBuffer } from '../../db/import';
import { lastYearMovement, trendText } from '../../shared/previousYears';
import { CHAIR, HR, record, modpanel, tempPanelsForEachTest } from './helpers';

const panels = tempPanelsForEachTest();

const csv = (text: string) => new TextEncoder().encode(text);

describe('previous years’ markings', () => {
  it('are read from the optional columns (or their usual spellings) and carried on the person', async () => {
    const file = [
      'staff_id,name,cs_start_date,provisional_marking,Last year marking,previous_marking_2,Countersigning manager',
      'S1,Ann Able,2010-01-01,Partially Met,PM,Achieving,Dana Director',
      'S2,Ben Best,2010-01-01,Exceeding,Exceeding,,',
      'S3,Cy Cole,2010-01-01,Achieving,Brilliant,,',
    ].join('\n');
    const refused = await parseImportBuffer('people.csv', csv(file), { cutoff: '2026-01-01' });
    expect(refused.errors).toEqual([
      {
        file: 'people.csv',
        row: 4,
        column: 'Last year marking',
        value: 'Brilliant',
        expected: 'a box marking: Exceeding, High Performing, Achieving or Partially Met (or E/HP/A/PM), or blank for not marked',
      },
    ]);
    const parsed = await parseImportBuffer('people.csv', csv(file.replace('Brilliant', 'HP')), { cutoff: '2026-01-01' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.columns.filter((c) => c.target?.startsWith('previous') || c.target === 'countersigning_officer').map((c) => [c.source, c.target, c.via])).toEqual([
      ['Last year marking', 'previous_marking_1', 'synonym'],
      ['previous_marking_2', 'previous_marking_2', 'template'],
      ['Countersigning manager', 'countersigning_officer', 'synonym'],
    ]);
    const service = panels.create('p.modpanel', []);
    service.applyImport(parsed, HR);
    const ann = service.person('S1');
    expect([ann.previousMarking1, ann.previousMarking2, ann.countersigningOfficer]).toEqual(['Partially Met', 'Achieving', 'Dana Director']);
    expect(service.person('S2').previousMarking2).toBeNull();
  });

  it('are compared on re-import like any other file field, and a file without the column leaves them', async () => {
    const service = panels.create('p.modpanel', [record('S1', { previousMarking1: 'Achieving' })]);
    const changed = service.previewImport({ ...(await parseImportBuffer('again.csv', csv('staff_id,name,cs_start_date,provisional_marking,previous_marking_1\nS1,Person S1,2010-04-01,Achieving,High Performing\n'), { cutoff: '2026-01-01' })) });
    expect(changed.changed).toEqual([{ staffId: 'S1', name: 'Person S1', fields: [{ field: 'previous_marking_1', before: 'Achieving', after: 'High Performing' }] }]);
    const without = await parseImportBuffer('subset.csv', csv('staff_id,name,cs_start_date,provisional_marking\nS1,Person S1,2010-04-01,Achieving\n'), { cutoff: '2026-01-01' });
    service.applyImport(without, HR);
    expect(service.person('S1').previousMarking1).toBe('Achieving');
  });

  it('suggest "Partially Met again" and "Exceeding again" for discussion, as the tool’s suggestion', async () => {
    const service = panels.create('p.modpanel', [
      record('S1', { provisionalMarking: 'Partially Met', previousMarking1: 'Partially Met' }),
      record('S2', { provisionalMarking: 'Exceeding', previousMarking1: 'Exceeding', corporateContribution: true }),
      record('S3', { provisionalMarking: 'Achieving', previousMarking1: 'Achieving' }),
      record('S4', { provisionalMarking: 'Partially Met', previousMarking1: 'Achieving' }),
    ]);
    const api = createPanelApi({ service: () => service });
    const snapshot = await api.getPanel({});
    expect(snapshot.ok && snapshot.value.discussion.S1).toEqual([{ code: 'partially_met_again', text: 'Partially Met again: also Partially Met last year (the tool’s suggestion)' }]);
    expect(snapshot.ok && snapshot.value.discussion.S2).toEqual([{ code: 'exceeding_again', text: 'Exceeding again: also Exceeding last year (the tool’s suggestion)' }]);
    expect(snapshot.ok && snapshot.value.discussion.S3).toBeUndefined();
    expect(snapshot.ok && snapshot.value.discussion.S4).toBeUndefined();
    // A move at the panel changes the suggestion with it.
    const moved = await api.move({ actor: CHAIR, staffId: 'S1', to: 'Achieving', reason: 'Improved in Q4' });
    expect(moved.ok && moved.value.discussion.S1).toEqual([]);
    expect(trendText({ moderatedMarking: 'Achieving', provisionalMarking: 'Partially Met', previousMarking1: 'Partially Met' })).toBe('↑ from Partially Met');
    expect(trendText({ moderatedMarking: 'Achieving', provisionalMarking: 'Achieving', previousMarking1: 'Exceeding' })).toBe('↓ from Exceeding');
    expect(trendText({ moderatedMarking: 'Achieving', provisionalMarking: 'Achieving', previousMarking1: null })).toBeNull();
  });

  it('come from last year’s outcome file with modpanel import-previous, whole or not at all, audited', async () => {
    const service = panels.create('p.modpanel', [record('S1', { provisionalMarking: 'Partially Met' }), record('S2'), record('S3')]);
    const path = service.path;
    service.close();
    const bad = join(panels.dir, 'bad.csv');
    writeFileSync(bad, 'staff_id,name,moderated_marking\nS1,Person S1,Partially Met\nS2,Person S2,Superb\n');
    const refused = await modpanel('import-previous', path, bad, '--actor', 'Hana HR');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.csv, row 3, column "moderated_marking": value "Superb": expected a box marking/);
    expect(refused.stderr).toMatch(/Nothing was imported: 1 problem\(s\) in bad\.csv/);

    const good = join(panels.dir, 'last-year-outcome.csv');
    writeFileSync(good, '\uFEFFstaff_id,name,moderated_marking,changed\r\nS1,Person S1,PM,No\r\nS2,Person S2,High Performing,Yes\r\nS9,Left Since,Achieving,No\r\n');
    const dry = await modpanel('import-previous', path, good, '--dry-run');
    expect(dry.stdout).toMatch(/Would set last year’s marking \(previous_marking_1\) for 2 people/);
    const applied = await modpanel('import-previous', path, good, '--actor', 'Hana HR', '--json');
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, year: 1, matched: 2, changed: 2, notInFile: 1, notInPanel: ['S9'] });
    const people = JSON.parse((await modpanel('list', path, '--json')).stdout) as { staffId: string; previousMarking1: string | null }[];
    expect(people.map((p) => [p.staffId, p.previousMarking1])).toEqual([
      ['S1', 'Partially Met'],
      ['S2', 'High Performing'],
      ['S3', null],
    ].sort());
    const audit = JSON.parse((await modpanel('audit', path, '--action', 'previous_markings', '--json')).stdout) as { actor: string; after: Record<string, unknown> }[];
    expect(audit[0]!.actor).toBe('Hana HR');
    expect(audit[0]!.after.previous_marking_1).toEqual({ S1: 'Partially Met', S2: 'High Performing' });
    const discussion = await modpanel('discussion', path);
    expect(discussion.stdout).toMatch(/Partially Met again: also Partially Met last year \(the tool’s suggestion\)/);
  });

  it('show movement against last year by group, suppressed outside HR', () => {
    const records = [
      ...['F1', 'F2', 'F3', 'F4', 'F5', 'F6'].map((id, i) => record(id, { characteristics: { sex: 'Female' }, provisionalMarking: i < 2 ? 'Achieving' : 'High Performing', previousMarking1: 'High Performing' })),
      ...['M1', 'M2', 'M3', 'M4', 'M5', 'M6'].map((id) => record(id, { characteristics: { sex: 'Male' }, provisionalMarking: 'High Performing', previousMarking1: 'Achieving' })),
      record('X1', { characteristics: { sex: 'Prefer not to say' }, previousMarking1: 'Achieving' }),
    ];
    const service = panels.create('p.modpanel', records);
    const hr = lastYearMovement(service.people(), { characteristic: 'sex', threshold: 5, audience: 'hr' });
    expect(hr.withLastYear).toBe(13);
    const by = (group: string) => hr.movement.groups.find((g) => g.group === group)!;
    expect([by('Female').moved_down, by('Female').unchanged, by('Male').moved_up]).toEqual([2, 4, 6]);
    expect(hr.explanations.join(' ')).not.toMatch(/at moderation/);
    const shared = lastYearMovement(service.people(), { characteristic: 'sex', threshold: 5, audience: 'shared' });
    const hidden = shared.movement.groups.find((g) => g.group === 'Prefer not to say')!;
    expect([hidden.suppressed, hidden.n]).toEqual([true, null]);
  });
});
