// The batch behind `modpanel apply` and the window's "Apply a list of changes", on a long-lived service as
// the hosts keep one: a preview or a refused batch leaves what the service reports exactly as the file is.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModerationService } from '../../db/service';
import { parseImportBuffer } from '../../db/import';
import { readChangesBuffer, runChanges } from '../../db/batchChanges';

const chair = { name: 'Pat Chair', role: 'chair' as const };
const people = [
  'staff_id,name,grade,business_unit,job_title,line_manager,job_weight,provisional_marking,finance_objective,corporate_contribution,cs_start_date',
  'S1,Ann Able,SCS1,Policy,DD,Mo,12,Achieving,Met,Yes,2015-04-01',
  'S2,Ben Best,SCS1,Policy,DD,Mo,11,Achieving,Not met,No,2015-04-01',
  'S3,Cy Cole,SCS1,Policy,DD,Mo,10,High Performing,Met,No,2015-04-01',
].join('\n');

const bytes = (text: string) => new TextEncoder().encode(text);
const changes = (...rows: string[]) => readChangesBuffer('changes.csv', bytes(['staff_id,action,value,reason,text', ...rows].join('\n')));

let service: ModerationService;
beforeEach(async () => {
  service = ModerationService.create(':memory:', { name: 'Test', businessUnit: 'Policy', performanceYear: 2025 }, { name: 'HR', role: 'hr' });
  const parsed = await parseImportBuffer('people.csv', bytes(people), { cutoff: service.panel().eligibilityCutoff });
  expect(parsed.errors).toEqual([]);
  service.applyImport(parsed, { name: 'HR', role: 'hr' });
});
afterEach(() => service.close());

const markings = () => service.people().map((p) => [p.staffId, p.moderatedMarking, p.flags.length]);

describe('runChanges', () => {
  it('previews without writing, and the service still reports the panel as it is', async () => {
    const before = markings();
    const events = service.audit().length;
    const summary = runChanges(service, await changes('S1,move,HP,Led the review,', 'S3,flag,discuss,,'), chair, { apply: false });
    expect(summary).toMatchObject({ applied: false, rows: 2, changed: 2, auditEvents: 2, errors: [] });
    expect(markings()).toEqual(before);
    expect(service.audit()).toHaveLength(events);
    expect(service.canUndo()).toBe(false);
  });

  it('a refused batch leaves nothing behind, even the changes before the refused row', async () => {
    const before = markings();
    const summary = runChanges(service, await changes('S1,move,HP,Led the review,', 'S2,move,Exceeding,Strong,acknowledge', 'S3,flag,discuss,,'), chair, { apply: true });
    expect(summary.applied).toBe(false);
    expect(summary.errors).toEqual([
      expect.objectContaining({ file: 'changes.csv', row: 3, column: 'value', value: 'Exceeding', expected: expect.stringMatching(/^a change the panel's rules allow: Ben Best/) }),
    ]);
    expect(markings()).toEqual(before);
  });

  it('applies in order, one event per change, and counts a move to the same box as already so', async () => {
    // Finance annotations are the finance partner's, not in the chair's list (issue 9).
    service.setFinance('S2', 'Met', 'Recovered', { name: 'Fay Finance', role: 'finance' });
    const summary = runChanges(
      service,
      await changes('S1,move,HP,Led the review,', 'S1,move,High Performing,Again,', 'S2,flag,borderline_up,,Recovered', 'S2,move,Exceeding,Turned it round,acknowledge'),
      chair,
      { apply: true },
    );
    expect(summary).toMatchObject({ applied: true, rows: 4, changed: 3, unchanged: 1, auditEvents: 3, people: 2, errors: [] });
    expect(summary.lastEventId! - summary.firstEventId! + 1).toBe(3);
    expect(Object.fromEntries(service.people().map((p) => [p.staffId, p.moderatedMarking]))).toEqual({
      S1: 'High Performing',
      S2: 'Exceeding',
      S3: 'High Performing',
    });
    expect(service.audit({ staffId: 'S2' }).find((e) => e.action === 'move')?.after).toMatchObject({ acknowledged: expect.any(String) });
  });

  it('reports every problem in the file by row and column, and warns about ignored words', async () => {
    const parsed = await changes('S1,move,Brilliant,,', ',flag,discuss,,', 'S2,flag,urgent,,', 'S3,finance,,,', 'S3,note,,,', 'S3,flag,discuss,Because,', 'S1,move,A,,maybe');
    expect(parsed.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'value', 'Brilliant'],
      [3, 'staff_id', ''],
      [4, 'value', 'urgent'],
      [5, 'value', ''],
      [6, 'text', ''],
      [8, 'text', 'maybe'],
    ]);
    expect(parsed.warnings.map((e) => [e.row, e.column])).toEqual([[7, 'reason']]);
    expect(parsed.changes).toHaveLength(1);
  });

  it('names a missing column and a file that is not a changes file', async () => {
    const noAction = await readChangesBuffer('changes.csv', bytes('staff_id,value\nS1,HP\n'));
    expect(noAction.errors).toEqual([expect.objectContaining({ row: 1, column: 'action', expected: expect.stringMatching(/an action column/) })]);
    const empty = await readChangesBuffer('changes.csv', new Uint8Array());
    expect(empty.errors[0]?.expected).toMatch(/the file is empty/);
  });
});
