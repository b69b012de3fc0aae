// Contributions before the meeting (issue 8): the finance partner's workbook and the panel members'
// previews, as the window, the CLI and the hosts see them. Pure types, schemas and the discussion queue's
// order; the workbooks themselves are written and read in db/workbooks/.

import { z } from 'zod';
import type { BoxMarking, FinanceObjective } from './domain';
import type { ImportIssue } from './importTypes';

/** What a panel member says about a case in advance, so the loudest voice in the room does not decide. */
export const MEMBER_VERDICTS = ['agree', 'question', 'abstain'] as const;
export type MemberVerdict = (typeof MEMBER_VERDICTS)[number];
export const MEMBER_VERDICT_LABELS: Record<MemberVerdict, string> = { agree: 'Agree', question: 'Question', abstain: 'Abstain' };

const VERDICT_SPELLINGS: Record<string, MemberVerdict> = {
  agree: 'agree',
  agreed: 'agree',
  agrees: 'agree',
  question: 'question',
  questioned: 'question',
  query: 'question',
  challenge: 'question',
  abstain: 'abstain',
  abstained: 'abstain',
};

/** "Agree", "question", "Abstain" in any case; null for anything else (a blank cell is handled by the caller). */
export function parseMemberVerdict(raw: string): MemberVerdict | null {
  return VERDICT_SPELLINGS[raw.trim().toLowerCase()] ?? null;
}

/** The annotation the finance partner gives each person: the finance/efficiency objective and a note. */
export interface FinanceAnnotation {
  objective: FinanceObjective;
  note: string;
}

export interface FinanceAnnotationChange {
  staffId: string;
  name: string;
  before: FinanceAnnotation;
  after: FinanceAnnotation;
}

/**
 * Someone whose annotation the panel changed after the workbook was written, and whom the workbook changes
 * too: the panel's value stays unless the user takes the workbook's (`resolution`).
 */
export interface FinanceLaterEdit {
  staffId: string;
  name: string;
  panel: FinanceAnnotation;
  workbook: FinanceAnnotation;
  /** What the workbook held when it was written; null for a row added to it since. */
  asWritten: FinanceAnnotation | null;
  /** Who last changed it in the panel, and when, where the log says. */
  editedBy: string | null;
  editedAt: string | null;
  resolution: 'panel' | 'workbook';
}

/** Not met above Achieving (Annex D 4.a): the panel discusses them before it can finalise. */
export interface FinanceRuleConflict {
  staffId: string;
  name: string;
  marking: BoxMarking;
  /** True where this workbook is what makes (or would make) the annotation Not met. */
  fromWorkbook: boolean;
}

export interface FinanceWorkbookSummary {
  file: string;
  /** When the workbook was written, and by whom (from the workbook itself). */
  writtenAt: string | null;
  writtenBy: string | null;
  rows: number;
  applied: boolean;
  /** Annotations the workbook changes (or, applied, changed). */
  changes: FinanceAnnotationChange[];
  /** Rows that match the panel already, or that the partner left as written while the panel moved on. */
  unchanged: number;
  laterEdits: FinanceLaterEdit[];
  /** Everyone in the workbook whose annotation conflicts with their marking once it is applied. */
  ruleConflicts: FinanceRuleConflict[];
  /** Finance annotations written to the audit log (one per change), once applied. */
  auditEvents: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export interface MemberWorkbookSummary {
  file: string;
  member: string;
  writtenAt: string | null;
  rows: number;
  counts: Record<MemberVerdict, number>;
  /** Rows the member left blank. */
  blank: number;
  /** Verdicts this member returned before, which this workbook replaces. */
  replaces: number;
}

export interface MemberPreviewSummary {
  applied: boolean;
  workbooks: MemberWorkbookSummary[];
  /** Members with verdicts in the panel (after applying, or now for a preview). */
  members: string[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export interface MemberVerdictView {
  member: string;
  verdict: MemberVerdict;
  /** Empty unless the viewer may see members' comments (the chair and HR). */
  comment: string;
  recordedAt: string;
}

/** The members' verdicts on one case, as the discussion queue shows them. */
export interface MemberVerdictTally {
  agree: number;
  question: number;
  abstain: number;
  /** Each member's verdict and comment, for the chair and HR; empty for anyone else. */
  verdicts: MemberVerdictView[];
}

/** The members' verdicts that reach the window: comments only for the chair and HR. */
export function commentsVisibleTo(role: string | undefined): boolean {
  return role === 'chair' || role === 'hr';
}

/**
 * The discussion queue's order: rule breaches first (they stop finalise: Annex D 4.a, para 34), then the
 * cases most members questioned, otherwise as they were (box order). A stable sort, so equal cases keep
 * their places. The framework asks the panel to "challenge performance markings where necessary" (Annex D
 * 2) but sets no order of discussion: putting the most questioned first is the tool's suggestion, and the
 * queue says so.
 */
export function orderDiscussionQueue<T extends { staffId: string }>(queue: readonly T[], breaches: ReadonlySet<string>, questions: ReadonlyMap<string, number>): T[] {
  return queue
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        Number(breaches.has(b.item.staffId)) - Number(breaches.has(a.item.staffId)) ||
        (questions.get(b.item.staffId) ?? 0) - (questions.get(a.item.staffId) ?? 0) ||
        a.index - b.index,
    )
    .map(({ item }) => item);
}

/** The contract entries for contributions, over the contract's own actor schema (passed in to avoid a cycle). */
export function contributionRequestSchemas<A extends z.ZodType>(actor: A) {
  const upload = z.object({ fileName: z.string().min(1).max(500), bytesBase64: z.string().max(300_000_000) });
  const staffIds = z.array(z.string().trim().min(1).max(200)).max(1_000_000);
  const financeChoices = {
    /** Where the panel changed an annotation after the workbook was written: take the workbook's value for these. */
    takeWorkbookValues: staffIds.optional(),
    takeAllWorkbookValues: z.boolean().optional(),
  };
  const memberFiles = z.object({ actor, files: z.array(upload).min(1, 'Choose at least one workbook').max(100) });
  return {
    financeSheet: z.object({ actor }),
    previewFinanceWorkbook: upload.extend({ actor, ...financeChoices }),
    applyFinanceWorkbook: upload.extend({ actor, ...financeChoices }),
    memberPreviewSheet: z.object({ actor, member: z.string().trim().min(1, 'Name the panel member the workbook is for').max(200) }),
    previewMemberWorkbooks: memberFiles,
    applyMemberWorkbooks: memberFiles,
  };
}

/** What each contribution entry answers with; the downloads are the contract's ExportedFile. */
export interface ContributionResponses<File> {
  financeSheet: File & { people: number };
  previewFinanceWorkbook: FinanceWorkbookSummary;
  applyFinanceWorkbook: FinanceWorkbookSummary;
  memberPreviewSheet: File & { people: number };
  previewMemberWorkbooks: MemberPreviewSummary;
  applyMemberWorkbooks: MemberPreviewSummary;
}

/** What the audit log holds for the three contribution events (their `after`). */
export interface ContributionSheetEvent {
  kind: 'finance' | 'member_preview';
  file: string;
  people: number;
  /** The panel member a preview was written for. */
  member?: string;
}

export interface FinanceWorkbookEvent {
  file: string;
  writtenAt: string | null;
  rows: number;
  changed: number;
  /** Staff ids changed in the panel after the workbook was written: which value each kept. */
  laterEditsKeptPanel: string[];
  laterEditsTookWorkbook: string[];
  /** Staff ids whose annotation now conflicts with their marking (Annex D 4.a). */
  ruleConflicts: string[];
  /** What was applied, [staff id, objective, note]: a corrected copy of the same workbook is read against it. */
  applied: [string, FinanceObjective, string][];
}

export interface MemberPreviewEvent {
  member: string;
  file?: string;
  writtenAt?: string | null;
  counts?: Record<MemberVerdict, number>;
  verdicts: { staffId: string; verdict: MemberVerdict; comment: string }[];
}
