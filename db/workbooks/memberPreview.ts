// Panel members' previews: a workbook per member to read the cases in advance and say, for each person,
// agree / question / abstain with a comment, so the loudest voice in the room does not decide. Returned
// workbooks from several members merge: each member's verdicts are kept apart (member_verdict), and a
// member's next workbook replaces theirs, audited with what it replaced. No protected characteristic is
// ever written into a preview: the rows are built from the named columns below and nothing else.

import ExcelJS from 'exceljs';
import type { Actor, Person } from '../../shared/domain';
import {
  MEMBER_VERDICTS,
  MEMBER_VERDICT_LABELS,
  parseMemberVerdict,
  type MemberPreviewEvent,
  type MemberPreviewSummary,
  type MemberVerdict,
  type MemberWorkbookSummary,
} from '../../shared/contributions';
import type { ImportIssue } from '../../shared/importTypes';
import type { ModerationService } from '../service';
import {
  addDataSheet,
  addReadMeSheet,
  checkPersonRows,
  finishContributionWorkbook,
  listValidation,
  missingColumns,
  personCells,
  PERSON_COLUMNS,
  readContributionWorkbook,
  safeText,
  type SheetColumn,
  type WorkbookStamp,
  type WrittenWorkbook,
} from './sheetFormat';
import { finalisedIssue, recordWorkbookWritten, snapshotForWorkbook } from './stamping';
import { membersWithVerdicts, replaceVerdicts, verdictsOfMember } from './verdicts';
import { workbookOrder } from './financeWorkbook';

export const PREVIEW_SHEET = 'Preview';
const COMMENT_LIMIT = 4000;
const VERDICT_WORDS = MEMBER_VERDICTS.map((v) => MEMBER_VERDICT_LABELS[v]);
const VERDICT_EXPECTED = `${VERDICT_WORDS.join(', ')} (choose from the drop-down list), or blank`;

/** Every column a preview has, in order. Only these fields of a person are ever written. */
export const PREVIEW_COLUMNS: readonly SheetColumn[] = [
  ...PERSON_COLUMNS,
  { key: 'line_manager', header: 'line_manager', width: 22 },
  { key: 'provisional_marking', header: 'provisional_marking', width: 18 },
  {
    key: 'verdict',
    header: 'verdict',
    width: 14,
    fill: `Fill in: on the provisional marking, ${VERDICT_WORDS.join(', ')}? Leave blank if you have not looked at this case.`,
  },
  { key: 'comment', header: 'comment', width: 60, fill: 'Fill in: what the panel should ask or know (especially if you question the marking).' },
];

/** One spelling per member: trimmed, single spaces. Matching ignores case. */
export function memberName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

function previewRow(p: Person, previous: { verdict: MemberVerdict; comment: string } | undefined): Record<string, string> {
  return {
    ...personCells(p),
    line_manager: safeText(p.lineManager),
    provisional_marking: p.provisionalMarking ?? '',
    verdict: previous ? MEMBER_VERDICT_LABELS[previous.verdict] : '',
    comment: safeText(previous?.comment ?? ''),
  };
}

/** Builds a member's preview, with any verdicts they returned before filled in (nothing is recorded yet). */
export async function buildMemberPreview(service: ModerationService, memberRaw: string, actor: Actor): Promise<WrittenWorkbook & { member: string }> {
  service.authorize(actor, 'write_sheets'); // HR writes contributors' workbooks (issue 9)
  const member = memberName(memberRaw);
  if (member === '') throw new Error('Name the panel member the preview is for');
  const snapshot = snapshotForWorkbook(service, 'a panel member’s preview');
  const people = workbookOrder(snapshot.people);
  const previous = new Map(verdictsOfMember(service.db, member).map((v) => [v.staffId, v]));
  const workbook = new ExcelJS.Workbook();
  const data = addDataSheet(
    workbook,
    PREVIEW_SHEET,
    PREVIEW_COLUMNS,
    people.map((p) => previewRow(p, previous.get(p.staffId))),
    { verdict: listValidation(VERDICT_WORDS, 'your verdict') },
  );
  const readMe = addReadMeSheet(workbook, `Panel member’s preview — ${snapshot.panel.name}`, [
    `For ${member}. Written on ${snapshot.writtenAt.slice(0, 10)} by ${actor.name} for the moderation panel "${snapshot.panel.name}" (${people.length} people moderated by this panel).`,
    'Read the cases before the meeting. For each person, say whether you agree with the provisional marking, question it, or abstain, and why. Your verdicts reach the chair beside the other members’ and order the discussion queue: the cases most members question are discussed first.',
    `On the "${PREVIEW_SHEET}" sheet, fill in the two gold columns:`,
    `•  verdict — ${VERDICT_WORDS.join(', ')} from the drop-down list; leave it blank for a case you have not looked at.`,
    '•  comment — what the panel should ask or know; the chair sees it.',
    'The other columns are locked so that the rows still match the panel when this workbook comes back.',
    previous.size > 0 ? `Your ${previous.size} earlier verdicts are filled in; the workbook you send back replaces them all.` : 'If you send back another copy later, it replaces this one.',
    'Save the workbook as .xlsx and send it back to whoever sent it to you. Do not add or rename sheets.',
  ]);
  const written = await finishContributionWorkbook(workbook, [data, readMe], {
    kind: 'member_preview',
    snapshot,
    actor,
    people: people.length,
    member,
    fileWhat: `preview-${member}`,
  });
  return { member, ...written };
}

export function recordMemberPreviewWritten(service: ModerationService, actor: Actor, written: WrittenWorkbook & { member: string }, savedAs: string): number {
  return recordWorkbookWritten(service, actor, {
    kind: 'member_preview',
    member: written.member,
    file: savedAs,
    people: written.people,
    writtenAt: written.writtenAt,
    watermark: written.watermark,
  });
}

export interface ParsedMemberPreview {
  file: string;
  stamp: WorkbookStamp | null;
  member: string;
  rowsRead: number;
  blank: number;
  verdicts: { rowNumber: number; staffId: string; verdict: MemberVerdict; comment: string }[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

/** Reads a returned preview and checks every row against the panel: file, row, column, value, expected. */
export async function readMemberPreview(service: ModerationService, fileName: string, bytes: Uint8Array): Promise<ParsedMemberPreview> {
  const read = await readContributionWorkbook(fileName, bytes, 'member_preview', service.panel(), PREVIEW_SHEET);
  const member = memberName(read.stamp?.member ?? '');
  const parsed: ParsedMemberPreview = { file: read.file, stamp: read.stamp, member, rowsRead: read.rows.length, blank: 0, verdicts: [], errors: read.errors, warnings: [] };
  if (read.errors.length > 0) return parsed;
  const issue = (list: ImportIssue[], row: number | null, column: string | null, value: string | null, expected: string) => list.push({ file: read.file, row, column, value, expected });
  if (member === '') issue(parsed.errors, null, null, null, 'a preview written for a named panel member (this one names no one)');
  parsed.errors.push(...missingColumns(read, ['staff_id', 'verdict'], PREVIEW_SHEET));
  if (parsed.errors.length > 0) return parsed;
  const staffIds = new Set(service.people().map((p) => p.staffId));
  checkPersonRows(read, PREVIEW_SHEET, (staffId) => staffIds.has(staffId), parsed.errors, ({ rowNumber, cells, staffId, ok }) => {
    const verdictText = cells.verdict ?? '';
    const comment = (cells.comment ?? '').trim();
    if (comment.length > COMMENT_LIMIT) {
      issue(parsed.errors, rowNumber, 'comment', `${comment.slice(0, 40)}…`, `a comment of at most ${COMMENT_LIMIT.toLocaleString('en-GB')} characters (this one has ${comment.length.toLocaleString('en-GB')})`);
      ok = false;
    }
    if (verdictText === '') {
      if (comment !== '') {
        issue(parsed.errors, rowNumber, 'verdict', '', `${VERDICT_WORDS.join(', ')}: a comment needs a verdict, so the chair knows what it is about`);
      } else parsed.blank += 1;
      return;
    }
    const verdict = parseMemberVerdict(verdictText);
    if (verdict === null) {
      issue(parsed.errors, rowNumber, 'verdict', verdictText, VERDICT_EXPECTED);
      ok = false;
    }
    if (verdict === 'question' && comment === '') {
      issue(parsed.warnings, rowNumber, 'comment', '', 'a comment saying what to question (the verdict is kept without one)');
    }
    if (ok && verdict) parsed.verdicts.push({ rowNumber, staffId, verdict, comment });
  });
  return parsed;
}

function countsOf(verdicts: readonly { verdict: MemberVerdict }[]): Record<MemberVerdict, number> {
  const counts = Object.fromEntries(MEMBER_VERDICTS.map((v) => [v, 0])) as Record<MemberVerdict, number>;
  for (const v of verdicts) counts[v.verdict] += 1;
  return counts;
}

/** What taking these previews back would do, and every problem with them; nothing is written. */
export function planMemberPreviews(service: ModerationService, previews: readonly ParsedMemberPreview[]): MemberPreviewSummary {
  const errors = previews.flatMap((p) => p.errors);
  const warnings = previews.flatMap((p) => p.warnings);
  const finalised = finalisedIssue(service.panel(), 'members’ previews', previews[0]?.file ?? '');
  if (finalised) errors.unshift(finalised);
  // Two workbooks from the same member in one go: which one counts would be a guess.
  const byMember = new Map<string, string>();
  for (const preview of previews) {
    if (preview.member === '') continue;
    const key = preview.member.toLowerCase();
    const other = byMember.get(key);
    if (other !== undefined) {
      errors.push({ file: preview.file, row: null, column: null, value: preview.member, expected: `one workbook per member in a batch: ${other} is also ${preview.member}’s (take back the later one only)` });
    } else byMember.set(key, preview.file);
  }
  const workbooks: MemberWorkbookSummary[] = previews.map((preview) => {
    const earlier = preview.member ? verdictsOfMember(service.db, preview.member) : [];
    const newest = earlier.reduce<string | null>((latest, v) => (v.workbookWrittenAt && (!latest || v.workbookWrittenAt > latest) ? v.workbookWrittenAt : latest), null);
    if (newest && preview.stamp && preview.stamp.writtenAt < newest) {
      warnings.push({
        file: preview.file,
        row: null,
        column: null,
        value: preview.stamp.writtenAt.slice(0, 10),
        expected: `${preview.member}’s latest preview: verdicts from a workbook written on ${newest.slice(0, 10)} are already in, and this older one would replace them`,
      });
    }
    return {
      file: preview.file,
      member: preview.member,
      writtenAt: preview.stamp?.writtenAt ?? null,
      rows: preview.rowsRead,
      counts: countsOf(preview.verdicts),
      blank: preview.blank,
      replaces: earlier.length,
    };
  });
  const members = new Set(membersWithVerdicts(service.db).map((m) => m.toLowerCase()));
  const names = [...membersWithVerdicts(service.db), ...previews.map((p) => p.member).filter((m) => m !== '' && !members.has(m.toLowerCase()))];
  return { applied: false, workbooks, members: names.sort((a, b) => a.localeCompare(b, 'en-GB')), errors, warnings };
}

/**
 * Takes the previews back whole: each member's verdicts replace any they returned before, with one audit
 * event per member (what it replaced, and what it records), all in one transaction. With any problem in any
 * workbook, nothing is written.
 */
export function applyMemberPreviews(service: ModerationService, previews: readonly ParsedMemberPreview[], actor: Actor): MemberPreviewSummary {
  // A panel member takes back their own preview; service.recordEvent refuses anyone else's (issue 9).
  service.authorize(actor, 'member_preview');
  const summary = planMemberPreviews(service, previews);
  if (summary.errors.length > 0) return summary;
  service.batch(() => {
    const recordedAt = new Date().toISOString();
    for (const preview of previews) {
      const earlier = verdictsOfMember(service.db, preview.member);
      const verdicts = preview.verdicts.map(({ staffId, verdict, comment }) => ({ staffId, verdict, comment }));
      replaceVerdicts(service.db, preview.member, verdicts, { workbookWrittenAt: preview.stamp?.writtenAt ?? null, recordedAt, recordedBy: actor.name });
      const before: MemberPreviewEvent = { member: preview.member, verdicts: earlier.map(({ staffId, verdict, comment }) => ({ staffId, verdict, comment })) };
      const after: MemberPreviewEvent = { member: preview.member, file: preview.file, writtenAt: preview.stamp?.writtenAt ?? null, counts: countsOf(verdicts), verdicts };
      service.recordEvent('member_preview', before, after, actor);
    }
  });
  return { ...summary, applied: true, members: membersWithVerdicts(service.db) };
}
