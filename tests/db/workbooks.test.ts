// Contributions before the meeting, as the contributors and the chair meet them: the finance partner's
// workbook written, filled in Excel (exceljs here), taken back whole or not at all; a later panel edit
// shown as a conflict; members' previews merged into the discussion queue. Every workbook is read back
// from its bytes to prove no protected characteristic is in it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ModerationService } from '../../db/service';
import { createPanelApi } from '../../db/api';
import { applyFinanceWorkbook, buildFinanceWorkbook, FINANCE_COLUMNS, planFinanceWorkbook, readFinanceWorkbook } from '../../db/workbooks/financeWorkbook';
import { applyMemberPreviews, buildMemberPreview, planMemberPreviews, readMemberPreview } from '../../db/workbooks/memberPreview';
import { orderDiscussionQueue } from '../../shared/contributions';
import type { Actor } from '../../shared/domain';
import { parsed, record } from './helpers';

const hr: Actor = { name: 'Hana HR', role: 'hr' };
const finance: Actor = { name: 'Fay Finance', role: 'finance' };
const chair: Actor = { name: 'Pat Chair', role: 'chair' };

/** Characteristic values no other cell could hold by chance. */
const SECRETS = { sex: 'SEX-SECRET-F', ethnicity: 'ETHNICITY-SECRET', disability: 'DISABILITY-SECRET', pc_caring: 'CARER-SECRET' };

let service: ModerationService;
beforeEach(() => {
  service = ModerationService.create(':memory:', { name: 'Policy SCS', businessUnit: 'Policy', performanceYear: 2025 }, hr);
  service.applyImport(
    parsed([
      record('S1', { name: 'Ann Able', provisionalMarking: 'Achieving', characteristics: SECRETS }),
      record('S2', { name: 'Ben Best', provisionalMarking: 'High Performing', characteristics: SECRETS }),
      record('S3', { name: 'Cy Cole', provisionalMarking: 'Exceeding', characteristics: SECRETS }),
      record('S4', { name: 'Di Dunn', provisionalMarking: 'Partially Met', financeObjective: 'Not assessed', characteristics: SECRETS }),
      // Joined after the cut-off: listed apart, so not in anyone's workbook.
      record('S5', { name: 'Eve Late', csStartDate: '2026-02-01', characteristics: SECRETS }),
    ]),
    hr,
  );
});
afterEach(() => service.close());

/** Audit events written since the log held `count`, oldest first (the log lists newest first). */
function eventsSince(count: number) {
  const all = service.audit();
  return all.slice(0, all.length - count).reverse();
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** Every cell of every sheet (hidden ones too), as text. */
function allText(workbook: ExcelJS.Workbook): string[] {
  const texts: string[] = [];
  for (const sheet of workbook.worksheets) {
    texts.push(sheet.name);
    sheet.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => texts.push(String(cell.text ?? ''))));
  }
  return texts;
}

/** Fills cells the way the contributor would in Excel: by staff id and column header. */
async function fill(bytes: Uint8Array, sheetName: string, edits: Record<string, Record<string, string>>): Promise<Uint8Array> {
  const workbook = await load(bytes);
  const sheet = workbook.getWorksheet(sheetName)!;
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, column) => (headers[column] = String(cell.value)));
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const edit = edits[String(row.getCell(1).value)];
    if (!edit) return;
    for (const [header, value] of Object.entries(edit)) row.getCell(headers.indexOf(header)).value = value;
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("the finance partner's workbook", () => {
  it('has one row per eligible person, the columns to fill marked and unlocked, a drop-down, the rest locked, and no protected characteristic', async () => {
    const written = await buildFinanceWorkbook(service, hr);
    expect(written.people).toBe(4);
    const workbook = await load(written.bytes);
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['Finance', 'visible'],
      ['Read me', 'visible'],
      ['modpanel', 'veryHidden'],
    ]);
    const sheet = workbook.getWorksheet('Finance')!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header.slice(1)).toEqual(FINANCE_COLUMNS.map((c) => c.header));
    expect(header.slice(1)).toEqual(['staff_id', 'name', 'grade', 'business_unit', 'job_title', 'provisional_marking', 'finance_objective', 'finance_note']);
    const staffIds: unknown[] = [];
    sheet.eachRow((row, n) => n > 1 && staffIds.push(row.getCell(1).value));
    expect(staffIds.sort()).toEqual(['S1', 'S2', 'S3', 'S4']);

    // The columns to fill: a note on the header, unlocked, with the objective's drop-down list.
    expect(sheet.getCell('G1').note).toBeTruthy();
    expect(sheet.getCell('H1').note).toBeTruthy();
    expect(sheet.getCell('A1').note).toBeUndefined();
    expect(sheet.getCell('G2').protection?.locked).toBe(false);
    expect(sheet.getCell('H2').protection?.locked).toBe(false);
    expect(sheet.getCell('B2').protection?.locked).not.toBe(false);
    expect(sheet.getCell('G3').dataValidation).toMatchObject({ type: 'list', formulae: ['"Met,Not met,Not assessed"'], showErrorMessage: true });
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);

    const text = allText(workbook).join('\n');
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    for (const column of ['sex', 'ethnicity', 'disability', 'pc_caring', 'characteristics']) expect(text).not.toMatch(new RegExp(`\\b${column}\\b`));
    expect(text).not.toContain('Eve Late');
  });

  it('round trip: the partner fills it in, the preview shows what changes, apply records each annotation as them and lists Not met above Achieving', async () => {
    const written = await buildFinanceWorkbook(service, hr);
    const returned = await fill(written.bytes, 'Finance', {
      S1: { finance_objective: 'Not met', finance_note: 'Overspent by 12%' },
      S2: { finance_objective: 'Not met', finance_note: 'Missed the efficiency target' },
      S4: { finance_objective: 'Met' },
    });
    const events = service.audit().length;
    const parsedBook = await readFinanceWorkbook(service, 'returned.xlsx', returned);
    expect(parsedBook.errors).toEqual([]);
    const preview = planFinanceWorkbook(service, parsedBook).summary;
    expect(preview.applied).toBe(false);
    expect(preview.changes.map((c) => [c.staffId, c.before.objective, c.after.objective])).toEqual([
      ['S1', 'Met', 'Not met'],
      ['S2', 'Met', 'Not met'],
      ['S4', 'Not assessed', 'Met'],
    ]);
    expect(preview.unchanged).toBe(1);
    expect(preview.ruleConflicts).toEqual([{ staffId: 'S2', name: 'Ben Best', marking: 'High Performing', fromWorkbook: true }]);
    expect(service.audit()).toHaveLength(events);

    const summary = applyFinanceWorkbook(service, parsedBook, finance);
    expect(summary).toMatchObject({ applied: true, auditEvents: 3 });
    expect(service.person('S1')).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent by 12%' });
    expect(service.person('S4').financeObjective).toBe('Met');
    const added = eventsSince(events);
    expect(added.map((e) => [e.action, e.actor, e.role, e.staffId])).toEqual([
      ['finance', 'Fay Finance', 'finance', 'S1'],
      ['finance', 'Fay Finance', 'finance', 'S2'],
      ['finance', 'Fay Finance', 'finance', 'S4'],
      ['finance_workbook', 'Fay Finance', 'finance', null],
    ]);
    expect(added[3]!.after).toMatchObject({ file: 'returned.xlsx', changed: 3, ruleConflicts: ['S2'] });
    // Ben is now a rule breach: suggested for discussion, and finalise refuses until the panel resolves it.
    expect(service.discussionList().find((d) => d.staffId === 'S2')?.reasons.map((r) => r.code)).toContain('finance_rule');
    expect(() => service.finalise(chair)).toThrow(/Ben Best.*finance objective/);
  });

  it('refuses a bad objective with its row, column, value and what was expected, and applies nothing', async () => {
    const written = await buildFinanceWorkbook(service, hr);
    const returned = await fill(written.bytes, 'Finance', { S1: { finance_objective: 'Not met' }, S3: { finance_objective: 'Maybe' } });
    const parsedBook = await readFinanceWorkbook(service, 'returned.xlsx', returned);
    expect(parsedBook.errors).toEqual([
      { file: 'returned.xlsx', row: expect.any(Number), column: 'finance_objective', value: 'Maybe', expected: expect.stringContaining('Met, Not met, Not assessed') },
    ]);
    // Rows run grade by grade, then by name: find S3's as Excel shows it.
    const workbook = await load(returned);
    let s3Row = 0;
    workbook.getWorksheet('Finance')!.eachRow((r, n) => r.getCell(1).value === 'S3' && (s3Row = n));
    expect(parsedBook.errors[0]!.row).toBe(s3Row);
    const events = service.audit().length;
    const summary = applyFinanceWorkbook(service, parsedBook, finance);
    expect(summary.applied).toBe(false);
    expect(service.audit()).toHaveLength(events);
    expect(service.person('S1').financeObjective).toBe('Met');
  });

  it('shows an annotation the panel made after the workbook was written as a conflict, and keeps it unless the workbook is taken', async () => {
    const written = await buildFinanceWorkbook(service, hr);
    // In the room, after the workbook went out: the partner's deputy records S2 and S3 with a note
    // (finance annotations are the finance role's, issue 9).
    const deputy: Actor = { name: 'Dee Deputy', role: 'finance' };
    service.setFinance('S2', 'Met', 'Confirmed at the panel', deputy);
    service.setFinance('S3', 'Not assessed', 'Waiting for the partner', deputy);
    const returned = await fill(written.bytes, 'Finance', { S2: { finance_objective: 'Not met', finance_note: 'Overspent' }, S1: { finance_note: 'Sound' } });
    const parsedBook = await readFinanceWorkbook(service, 'returned.xlsx', returned);
    const preview = planFinanceWorkbook(service, parsedBook).summary;
    expect(preview.laterEdits).toEqual([
      expect.objectContaining({
        staffId: 'S2',
        panel: { objective: 'Met', note: 'Confirmed at the panel' },
        workbook: { objective: 'Not met', note: 'Overspent' },
        asWritten: { objective: 'Met', note: '' },
        editedBy: 'Dee Deputy',
        resolution: 'panel',
      }),
    ]);
    // S3: the partner left it as written, so the panel's later value stands without a conflict.
    expect(preview.changes.map((c) => c.staffId)).toEqual(['S1']);
    expect(preview.ruleConflicts).toEqual([]);

    applyFinanceWorkbook(service, parsedBook, finance);
    expect(service.person('S2')).toMatchObject({ financeObjective: 'Met', financeNote: 'Confirmed at the panel' });
    expect(service.person('S3').financeNote).toBe('Waiting for the partner');
    expect(service.person('S1').financeNote).toBe('Sound');

    // Taken explicitly: the workbook's value wins, and the rule conflict it makes is listed.
    const again = await readFinanceWorkbook(service, 'returned.xlsx', returned);
    const taken = applyFinanceWorkbook(service, again, finance, { takeWorkbookValues: ['S2'] });
    expect(taken.laterEdits.map((e) => [e.staffId, e.resolution])).toEqual([['S2', 'workbook']]);
    expect(taken.ruleConflicts.map((c) => c.staffId)).toEqual(['S2']);
    expect(service.person('S2')).toMatchObject({ financeObjective: 'Not met', financeNote: 'Overspent' });
  });

  it('takes a corrected copy of the same workbook without calling its own earlier import a later edit', async () => {
    const written = await buildFinanceWorkbook(service, hr);
    const first = await fill(written.bytes, 'Finance', { S1: { finance_objective: 'Not met' } });
    applyFinanceWorkbook(service, await readFinanceWorkbook(service, 'first.xlsx', first), finance);
    const corrected = await fill(written.bytes, 'Finance', { S1: { finance_objective: 'Met', finance_note: 'Corrected: on budget' } });
    const summary = applyFinanceWorkbook(service, await readFinanceWorkbook(service, 'corrected.xlsx', corrected), finance);
    expect(summary.laterEdits).toEqual([]);
    expect(service.person('S1')).toMatchObject({ financeObjective: 'Met', financeNote: 'Corrected: on budget' });
  });

  it('refuses what is not its own returned workbook, saying what it expected', async () => {
    const other = ModerationService.create(':memory:', { name: 'Another panel', businessUnit: 'Ops', performanceYear: 2025 }, hr);
    other.applyImport(parsed([record('S1')]), hr);
    const fromOther = await buildFinanceWorkbook(other, hr);
    other.close();
    const preview = await buildMemberPreview(service, 'Mo Member', hr);
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Finance').addRow(['staff_id', 'finance_objective']);
    const cases: [string, Uint8Array, RegExp][] = [
      ['other.xlsx', fromOther.bytes, /written from this panel \("Policy SCS"\); this one was written from "Another panel"/],
      ['preview.xlsx', preview.bytes, /this is a panel member’s preview workbook/],
      ['plain.xlsx', new Uint8Array(await plain.xlsx.writeBuffer()), /hidden "modpanel" sheet is missing/],
      ['notes.csv', new TextEncoder().encode('staff_id,finance_objective\nS1,Met\n'), /not an Excel workbook/],
    ];
    for (const [name, bytes, message] of cases) {
      const result = await readFinanceWorkbook(service, name, bytes);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ file: name, row: null });
      expect(result.errors[0]!.expected).toMatch(message);
    }
  });

  it('refuses once the panel is finalised, to write or to take back', async () => {
    const written = await buildFinanceWorkbook(service, hr);
    for (const p of service.people()) if (p.moderatedMarking === 'Exceeding') service.recordContribution(p.staffId, 'Led a cross-government review', chair);
    service.finalise(chair);
    await expect(buildFinanceWorkbook(service, hr)).rejects.toThrow(/finalised/);
    const parsedBook = await readFinanceWorkbook(service, 'returned.xlsx', written.bytes);
    const summary = applyFinanceWorkbook(service, parsedBook, finance);
    expect(summary.applied).toBe(false);
    expect(summary.errors[0]!.expected).toMatch(/an open panel/);
  });
});

describe("panel members' previews", () => {
  async function returnedPreview(member: string, verdicts: Record<string, [string, string]>): Promise<Uint8Array> {
    const written = await buildMemberPreview(service, member, hr);
    const edits = Object.fromEntries(Object.entries(verdicts).map(([id, [verdict, comment]]) => [id, { verdict, comment }]));
    return fill(written.bytes, 'Preview', edits);
  }

  it('holds no protected characteristic, and its verdict column is a drop-down', async () => {
    const written = await buildMemberPreview(service, 'Mo Member', hr);
    const workbook = await load(written.bytes);
    const text = allText(workbook).join('\n');
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    const sheet = workbook.getWorksheet('Preview')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['staff_id', 'name', 'grade', 'business_unit', 'job_title', 'line_manager', 'provisional_marking', 'verdict', 'comment']);
    expect(sheet.getCell('H2').dataValidation).toMatchObject({ type: 'list', formulae: ['"Agree,Question,Abstain"'] });
    expect(sheet.getCell('H2').protection?.locked).toBe(false);
  });

  it('merges three members, orders the queue by how many questioned each case (after rule breaches), and shows comments to the chair only', async () => {
    const books = [
      ['ann.xlsx', await returnedPreview('Ann Member', { S1: ['Question', 'Evidence thin'], S4: ['Question', 'Why PM?'], S2: ['Agree', ''] })],
      ['bo.xlsx', await returnedPreview('Bo Member', { S4: ['Question', 'Check Q3'], S1: ['Abstain', ''] })],
      ['cy.xlsx', await returnedPreview('Cy Member', { S4: ['question', 'Line manager new'], S2: ['Question', 'Compare with S1'] })],
    ] as const;
    const previews: Awaited<ReturnType<typeof readMemberPreview>>[] = [];
    for (const [name, bytes] of books) previews.push(await readMemberPreview(service, name, bytes));
    expect(previews.flatMap((p) => p.errors)).toEqual([]);
    const plan = planMemberPreviews(service, previews);
    expect(plan.workbooks.map((w) => [w.member, w.counts.question, w.counts.agree, w.counts.abstain])).toEqual([
      ['Ann Member', 2, 1, 0],
      ['Bo Member', 1, 0, 1],
      ['Cy Member', 2, 0, 0],
    ]);
    // Each member takes back their own preview (issue 9); HR may not record anyone's verdicts.
    expect(() => applyMemberPreviews(service, previews, hr)).toThrow(/only a panel member can/);
    const events = service.audit().length;
    let summary = planMemberPreviews(service, []);
    for (const preview of previews) summary = applyMemberPreviews(service, [preview], { name: preview.member, role: 'member' });
    expect(summary.applied).toBe(true);
    expect(summary.members).toEqual(['Ann Member', 'Bo Member', 'Cy Member']);
    expect(eventsSince(events).map((e) => [e.action, (e.after as { member: string }).member])).toEqual([
      ['member_preview', 'Ann Member'],
      ['member_preview', 'Bo Member'],
      ['member_preview', 'Cy Member'],
    ]);

    // S3 is in Exceeding with a corporate contribution in the file; make S2 a rule breach (Not met above Achieving).
    service.setFinance('S2', 'Not met', 'Overspent', finance);
    const api = createPanelApi({ service: () => service });
    const asChair = await api.discussionQueue({ role: 'chair' });
    if (!asChair.ok) throw new Error(asChair.error.message);
    // S2 breaks a rule (first); then S4 (3 questions), S1 (1 question).
    expect(asChair.value.queue.map((q) => q.staffId)).toEqual(['S2', 'S4', 'S1']);
    const s4 = asChair.value.queue[1]!;
    expect(s4.reasons).toContain('Questioned by 3 panel members in their preview');
    expect(s4.members).toMatchObject({ question: 3, agree: 0, abstain: 0 });
    expect(s4.members!.verdicts.map((v) => [v.member, v.comment])).toEqual([
      ['Ann Member', 'Why PM?'],
      ['Bo Member', 'Check Q3'],
      ['Cy Member', 'Line manager new'],
    ]);
    const asMember = await api.discussionQueue({ role: 'member' });
    if (!asMember.ok) throw new Error(asMember.error.message);
    expect(asMember.value.queue[1]!.members!.verdicts.every((v) => v.comment === '')).toBe(true);
    const person = await api.getPerson({ staffId: 'S4', role: 'chair' });
    if (!person.ok) throw new Error(person.error.message);
    expect(person.value.memberVerdicts?.map((v) => `${v.member}: ${v.verdict} ${v.comment}`)).toEqual([
      'Ann Member: question Why PM?',
      'Bo Member: question Check Q3',
      'Cy Member: question Line manager new',
    ]);
  });

  it("replaces a member's verdicts when their next workbook comes back, and the log keeps what it replaced", async () => {
    const ann: Actor = { name: 'Ann Member', role: 'member' };
    applyMemberPreviews(service, [await readMemberPreview(service, 'ann.xlsx', await returnedPreview('Ann Member', { S1: ['Question', 'Evidence thin'] }))], ann);
    // Her second workbook is pre-filled with her first verdicts; she changes her mind on S1.
    const second = await returnedPreview('ann member', { S1: ['Agree', 'Saw the evidence'], S2: ['Abstain', ''] });
    const preview = await readMemberPreview(service, 'ann-2.xlsx', second);
    expect(planMemberPreviews(service, [preview]).workbooks[0]).toMatchObject({ replaces: 1 });
    applyMemberPreviews(service, [preview], ann);
    const api = createPanelApi({ service: () => service });
    const person = await api.getPerson({ staffId: 'S1', role: 'chair' });
    expect(person.ok && person.value.memberVerdicts).toEqual([expect.objectContaining({ verdict: 'agree', comment: 'Saw the evidence' })]);
    const last = service.audit({ action: 'member_preview' })[0]!;
    expect(last.before).toMatchObject({ verdicts: [{ staffId: 'S1', verdict: 'question', comment: 'Evidence thin' }] });
  });

  it('refuses a bad verdict, a comment without one, and the same member twice, with nothing recorded', async () => {
    const bad = await readMemberPreview(service, 'ann.xlsx', await returnedPreview('Ann Member', { S1: ['Maybe', ''], S2: ['', 'A comment alone'] }));
    expect(bad.errors.map((e) => [e.column, e.value])).toEqual([
      ['verdict', 'Maybe'],
      ['verdict', ''],
    ]);
    const twice = [
      await readMemberPreview(service, 'a1.xlsx', await returnedPreview('Bo Member', { S1: ['Agree', ''] })),
      await readMemberPreview(service, 'a2.xlsx', await returnedPreview('Bo Member', { S1: ['Question', 'x'] })),
    ];
    const summary = applyMemberPreviews(service, twice, { name: 'Bo Member', role: 'member' });
    expect(summary.applied).toBe(false);
    expect(summary.errors[0]!.expected).toMatch(/one workbook per member/);
    expect(service.audit({ action: 'member_preview' })).toEqual([]);
  });
});

describe('the discussion queue order', () => {
  it('puts rule breaches first, then the most questioned, and otherwise keeps box order', () => {
    const queue = ['a', 'b', 'c', 'd', 'e'].map((staffId) => ({ staffId }));
    const ordered = orderDiscussionQueue(queue, new Set(['d']), new Map([['c', 1], ['e', 2], ['d', 0]]));
    expect(ordered.map((q) => q.staffId)).toEqual(['d', 'e', 'c', 'a', 'b']);
  });
});
