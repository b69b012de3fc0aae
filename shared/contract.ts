// The typed API between the window and the panel: one entry per operation, with the zod schema that
// every host (Electron IPC, the web host) validates requests against, and the response type.
// The renderer knows only this contract.

import { z } from 'zod';
import {
  BOX_MARKINGS,
  FINANCE_OBJECTIVES,
  FLAG_KINDS,
  HIGH_PERFORMING_AWARD_SETTINGS,
  ROLES,
  AUDIT_ACTIONS,
  type EligibilityStatus,
  type AuditEvent,
  type Note,
  type Panel,
  type Person,
} from './domain';
import type { DiscussionReason } from './rules';
import { BREAKDOWN_STAGES, type FairnessReport, type RoomFairness } from './fairness';
import type { ColumnMappingEntry, ImportIssue, ProblemRow, SkippedRow } from './importTypes';
import type { ChangesSummary } from './changeTypes';
import type { CabinetOfficeReturn } from './cabinetOfficeReturn';
import { isIsoDate, parsePerformanceYear } from './performanceYear';
import { trustRequestSchemas, type TrustResponses } from './trust';
import { contributionRequestSchemas, type ContributionResponses, type MemberVerdictTally, type MemberVerdictView } from './contributions';
import { cycleRequestSchemas, type CycleResponses } from './cycleContract';
import { overallRequestSchemas, type OverallResponses } from './overallContract';
import { rolesRequestSchemas, type RolesResponses, type RoomCopyInfo } from './rolesContract';
import { newPanelChoicesSchema, newPanelRequestSchemas, type NewPanelResponses } from './newPanelContract';

export const actorSchema = z.object({
  name: z.string().trim().min(1, 'Say who is making the change').max(200),
  /** The service checks what the role may do (shared/roles.ts); 'system' may do nothing through the contract. */
  role: z.enum(ROLES),
  /** The newest change from elsewhere the window had seen (see Actor.seenThrough). */
  seenThrough: z.number().int().nonnegative().optional(),
});

const staffId = z.string().trim().min(1).max(200);
const marking = z.enum(BOX_MARKINGS);

/** A file chosen in the window travels as base64 bytes with its name. */
export const uploadSchema = z.object({
  fileName: z.string().min(1).max(500),
  bytesBase64: z.string().max(300_000_000),
  /** Optional mapping (the same JSON as the CLI's --mapping file). */
  mapping: z.unknown().optional(),
});

/** "2025", "2025-26", "2025/26" or 2025 → 2025. */
const performanceYear = z
  .union([z.number().int(), z.string().max(20)])
  .transform((value, ctx) => {
    const year = typeof value === 'number' ? (value >= 2000 && value <= 2100 ? value : null) : parsePerformanceYear(value);
    if (year === null) {
      ctx.addIssue({ code: 'custom', message: 'a performance year such as 2025, 2025-26 or 2025/26' });
      return z.NEVER;
    }
    return year;
  });
const isoDate = z.string().refine(isIsoDate, 'a date written yyyy-mm-dd');

/** What HR decides about a re-import in the wizard (issue 7): nothing of the panel's work is lost by default. */
const importChoices = {
  removeMissing: z.boolean().optional(),
  takeFileValues: z
    .array(z.object({ field: z.enum(['moderated_marking', 'finance_objective']), staffIds: z.array(staffId).max(1_000_000).optional() }))
    .max(10)
    .optional(),
  assumeEligibleWithoutStartDate: z.boolean().optional(),
  performanceYear: performanceYear.optional(),
  eligibilityCutoff: isoDate.optional(),
  /** Work on the new panel waiting for the wizard (shared/newPanelContract.ts), not the open one. */
  newPanel: newPanelChoicesSchema.optional(),
};

export const requestSchemas = {
  /** `actorName` scopes canUndo/canRedo to that person's own changes in this window (undo is per person). */
  getPanel: z.object({ actorName: z.string().trim().max(200).optional() }),
  /** `role` decides whether per-person discussion times are included (HR only). */
  getPerson: z.object({ staffId, role: z.enum(ROLES).optional() }),
  move: z.object({
    actor: actorSchema,
    staffId,
    to: marking,
    reason: z.string().max(4000).optional(),
    acknowledgeNoCorporateContribution: z.boolean().optional(),
    corporateContributionEvidence: z.string().max(4000).optional(),
  }),
  /** The corporate contribution the panel saw (para 34); empty clears it. */
  recordContribution: z.object({ actor: actorSchema, staffId, text: z.string().max(4000) }),
  reorder: z.object({ actor: actorSchema, staffId, afterStaffId: staffId.nullable() }),
  flag: z.object({ actor: actorSchema, staffId, kind: z.enum(FLAG_KINDS), text: z.string().max(2000).default('') }),
  unflag: z.object({ actor: actorSchema, staffId, kind: z.enum(FLAG_KINDS) }),
  setFinance: z.object({
    actor: actorSchema,
    staffId,
    objective: z.enum(FINANCE_OBJECTIVES),
    note: z.string().max(4000).default(''),
  }),
  addNote: z.object({ actor: actorSchema, staffId, text: z.string().trim().min(1, 'A note cannot be empty').max(8000) }),
  undo: z.object({ actor: actorSchema }),
  redo: z.object({ actor: actorSchema }),
  finalise: z.object({ actor: actorSchema }),
  audit: z.object({
    role: z.enum(ROLES).optional(),
    staffId: staffId.optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    limit: z.number().int().positive().max(1_000_000).optional(),
  }),
  previewImport: uploadSchema.extend(importChoices),
  applyImport: uploadSchema.extend({ actor: actorSchema, ...importChoices }),
  /** A list of changes (staff_id, action, value, reason, text): checked whole, written only by applyChanges. */
  previewChanges: uploadSchema.omit({ mapping: true }).extend({ actor: actorSchema }),
  applyChanges: uploadSchema.omit({ mapping: true }).extend({ actor: actorSchema }),
  cabinetOfficeReturn: z.object({}),
  /** `mapping`: an export mapping (the JSON of examples/export-mapping.example.json) for an HR system's layout. */
  exportOutcome: z.object({ actor: actorSchema, format: z.enum(['csv', 'xlsx']), mapping: z.unknown().optional(), mappingFileName: z.string().max(500).optional() }),
  breakdown: z.object({
    actor: actorSchema,
    characteristic: z.string().trim().min(1).max(200),
    stage: z.enum(BREAKDOWN_STAGES).default('moderated'),
    threshold: z.number().int().min(1).max(1000).optional(),
    referenceGroup: z.string().max(500).nullable().optional(),
  }),
  fairnessFlags: z.object({}),
  /** `role` decides whether members' comments from their previews are included (the chair and HR). */
  discussionQueue: z.object({ role: z.enum(ROLES).optional() }),
  updateSettings: z.object({
    actor: actorSchema,
    suppressionThreshold: z.number().int().min(1).max(1000).optional(),
    notComparedGroups: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
    highPerformingAward: z.enum(HIGH_PERFORMING_AWARD_SETTINGS).optional(),
    performanceYear: performanceYear.optional(),
    eligibilityCutoff: isoDate.optional(),
  }),
  startDiscussion: z.object({ actor: actorSchema, staffId }),
  endDiscussion: z.object({ actor: actorSchema }),
  /** Contributions before the meeting: the finance partner's workbook and panel members' previews (issue 8). */
  ...contributionRequestSchemas(actorSchema),
  /** Trusting the panel file (issue 9): the passphrase prompt, checking the history, changes made elsewhere. */
  ...trustRequestSchemas,
  /** Who was in the room, mid-year against end-year, previous years (issue 8). */
  ...cycleRequestSchemas(actorSchema),
  /** The overall moderation meeting: unit panels merged, and the department view (issue 8, paras 82-84). */
  ...overallRequestSchemas(actorSchema),
  /** Roles the service enforces (issue 9): PINs, switching role, the room's copy of the breakdowns. */
  ...rolesRequestSchemas(actorSchema),
  /** A new panel made from HR's file through the import wizard. */
  ...newPanelRequestSchemas(),
} as const;

export type ApiName = keyof typeof requestSchemas;
export type ApiRequest<K extends ApiName> = z.input<(typeof requestSchemas)[K]>;
export type ApiParsedRequest<K extends ApiName> = z.output<(typeof requestSchemas)[K]>;

/**
 * Protected characteristics never travel to the window with a person: `characteristics` is always
 * empty here, and breakdowns arrive aggregated from the `breakdown` entry.
 */
export interface PanelSnapshot {
  panel: Panel;
  fileName: string;
  people: Person[];
  /** Suggested for discussion, by staff id, with the reasons. */
  discussion: Record<string, DiscussionReason[]>;
  canUndo: boolean;
  canRedo: boolean;
  /** Whether the panel file is encrypted: the window says "Not encrypted" when it is not. */
  encrypted?: boolean;
  /** The newest change from elsewhere (another window, the CLI) included in this snapshot. */
  externalVersion?: number;
}

export interface PersonDetailView {
  person: Person;
  notes: Note[];
  audit: AuditEvent[];
  discussion: DiscussionReason[];
  /** Panel members' verdicts from their previews; comments only for the chair and HR. */
  memberVerdicts?: MemberVerdictView[];
}

/** After any change: the people it touched (with their discussion reasons) and the undo state. */
export interface ChangeResult {
  people: Person[];
  discussion: Record<string, DiscussionReason[]>;
  canUndo: boolean;
  canRedo: boolean;
  /** Plain words for a screen reader's live region: what just happened. */
  announcement: string;
}

export interface ImportConflictView {
  staffId: string;
  name: string;
  field: 'moderated_marking' | 'finance_objective';
  panelValue: string;
  fileValue: string;
  resolution: 'panel' | 'file';
}

export interface ImportPreviewView {
  file: string;
  rows: number;
  /** The year and cut-off the file was checked against (the panel's, or those chosen in the wizard). */
  performanceYear: number;
  eligibilityCutoff: string;
  columns: ColumnMappingEntry[];
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** People in the panel the file lacks: kept unless HR asks to remove them. */
  missing: { staffId: string; name: string }[];
  /** Where the file disagrees with the panel's own work; the panel's value stays unless HR takes the file's. */
  conflicts: ImportConflictView[];
  leavers: number;
  boxCounts: Record<string, number>;
  ineligible: { staffId: string; name: string; csStartDate: string | null; eligibility: Exclude<EligibilityStatus, 'eligible'> }[];
  financeConflicts: { staffId: string; name: string; marking: string }[];
  ignoredColumns: string[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
  /** Rows the mapping's skipRows left out (the first thousand), and how many in all. */
  skipped?: SkippedRow[];
  skippedCount?: number;
  /** Rows with listed problems and who they are, so the wizard can offer to skip one. */
  problemRows?: ProblemRow[];
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  bytesBase64: string;
  /** Shown before saving when the panel is still open. */
  warning: string | null;
}

export interface ApiResponses extends ContributionResponses<ExportedFile>, CycleResponses, OverallResponses, TrustResponses, RolesResponses, NewPanelResponses {
  getPanel: PanelSnapshot;
  getPerson: PersonDetailView;
  move: ChangeResult;
  recordContribution: ChangeResult;
  cabinetOfficeReturn: CabinetOfficeReturn;
  reorder: ChangeResult;
  flag: ChangeResult;
  unflag: ChangeResult;
  setFinance: ChangeResult;
  addNote: ChangeResult;
  undo: ChangeResult;
  redo: ChangeResult;
  finalise: { panel: Panel };
  audit: AuditEvent[];
  previewImport: ImportPreviewView;
  applyImport: ImportPreviewView & { auditEventId: number };
  previewChanges: ChangesSummary;
  applyChanges: ChangesSummary;
  exportOutcome: ExportedFile;
  /** Outside HR, `room` says which copy the figures come from (db/roomCopy.ts): HR's last share, or as imported. */
  breakdown: FairnessReport & { characteristics: string[]; threshold: number; room?: RoomCopyInfo };
  /** The room's fairness check: adverse differences that pass its test, and those worth watching. */
  fairnessFlags: RoomFairness;
  discussionQueue: DiscussionQueue;
  updateSettings: { panel: Panel };
  startDiscussion: { staffId: string; startedAt: string };
  endDiscussion: { staffId: string; seconds: number };
}

export interface DiscussionQueue {
  /** Suggested for discussion plus anything flagged, in box order. */
  queue: { staffId: string; name: string; reasons: string[]; members?: MemberVerdictTally }[];
  current: { staffId: string; startedAt: string } | null;
  /** Staff ids the panel has opened a discussion on (never how long: that is HR's). */
  discussed?: string[];
}

export interface ApiError {
  code: string;
  message: string;
  /** Row-level problems for an import that was refused. */
  issues?: ImportIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What every host offers the window: one async function per contract entry. */
export type PanelApi = { [K in ApiName]: (request: ApiRequest<K>) => Promise<Result<ApiResponses[K]>> };

export const API_NAMES = Object.keys(requestSchemas) as ApiName[];

/** Validates a request against its schema; the error names the field and what was expected. */
export function parseRequest<K extends ApiName>(name: K, payload: unknown): Result<ApiParsedRequest<K>> {
  const parsed = requestSchemas[name].safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ApiParsedRequest<K> };
  const message = parsed.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'request'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: { code: 'invalid_request', message: `Invalid ${name} request: ${message}` } };
}
