// The panel's vocabulary: box markings, stages, flags, finance status and the person record.
// Pure types and tiny helpers; runs anywhere (Node, Electron, the browser).

export const BOX_MARKINGS = ['Exceeding', 'High Performing', 'Achieving', 'Partially Met'] as const;
export type BoxMarking = (typeof BOX_MARKINGS)[number];

/** 0 = Exceeding (best) … 3 = Partially Met. */
export function markingIndex(marking: BoxMarking): number {
  return BOX_MARKINGS.indexOf(marking);
}

export function isAbove(marking: BoxMarking, than: BoxMarking): boolean {
  return markingIndex(marking) < markingIndex(than);
}

export const TOP_TWO: readonly BoxMarking[] = ['Exceeding', 'High Performing'];

const MARKING_SPELLINGS: Record<string, BoxMarking> = {
  exceeding: 'Exceeding',
  exceeded: 'Exceeding',
  exceeds: 'Exceeding',
  e: 'Exceeding',
  ex: 'Exceeding',
  highperforming: 'High Performing',
  hp: 'High Performing',
  achieving: 'Achieving',
  achieved: 'Achieving',
  a: 'Achieving',
  partiallymet: 'Partially Met',
  pm: 'Partially Met',
};

/** Accepts the four names in any case and spacing, and E / HP / A / PM. Returns null when unknown. */
export function parseMarking(raw: string): BoxMarking | null {
  const key = raw.toLowerCase().replace(/[\s_-]+/g, '');
  return MARKING_SPELLINGS[key] ?? null;
}

export const PANEL_STAGES = ['mid_year', 'local', 'overall'] as const;
export type PanelStage = (typeof PANEL_STAGES)[number];
export const PANEL_STAGE_LABELS: Record<PanelStage, string> = {
  mid_year: 'Mid-year consistency check',
  local: 'Local moderation panel',
  overall: 'Overall moderation meeting',
};

export const PANEL_STATUSES = ['open', 'finalised'] as const;
export type PanelStatus = (typeof PANEL_STATUSES)[number];

export const FINANCE_OBJECTIVES = ['Met', 'Not met', 'Not assessed'] as const;
export type FinanceObjective = (typeof FINANCE_OBJECTIVES)[number];

export function parseFinanceObjective(raw: string): FinanceObjective | null {
  const key = raw.toLowerCase().replace(/[\s_-]+/g, '');
  if (key === '' || key === 'notassessed' || key === 'na' || key === 'n/a') return 'Not assessed';
  if (key === 'met' || key === 'yes' || key === 'y' || key === 'achieved') return 'Met';
  if (key === 'notmet' || key === 'no' || key === 'n' || key === 'missed') return 'Not met';
  return null;
}

export const FLAG_KINDS = ['borderline_up', 'borderline_down', 'discuss', 'other'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
export const FLAG_LABELS: Record<FlagKind, string> = {
  borderline_up: 'Borderline up',
  borderline_down: 'Borderline down',
  discuss: 'Discuss',
  other: 'Note',
};

export const ROLES = ['chair', 'member', 'finance', 'hr', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  name: string;
  role: Role;
}

/** Characteristics every template knows; any `pc_` column adds another. */
export const STANDARD_CHARACTERISTICS = [
  'sex',
  'ethnicity',
  'disability',
  'age_band',
  'sexual_orientation',
  'religion_or_belief',
  'gender_identity',
  'working_pattern',
] as const;

export const NOT_RECORDED = 'Not recorded';

/**
 * Whether High Performing people receive an end-year award (para 73: "departments have the flexibility to
 * also award 'High Performing' individuals if they see fit"). A panel setting; the default leaves it open.
 */
export const HIGH_PERFORMING_AWARD_SETTINGS = ['yes', 'no', 'discretion'] as const;
export type HighPerformingAwardSetting = (typeof HIGH_PERFORMING_AWARD_SETTINGS)[number];
export const HIGH_PERFORMING_AWARD_LABELS: Record<HighPerformingAwardSetting, string> = {
  yes: 'Yes',
  no: 'No',
  discretion: "At the department's discretion",
};

/**
 * Why a person is or is not moderated by this panel (paras 69-70 and the FAQ on movers). Only `eligible`
 * people are in the grid; the others are listed apart with the reason.
 */
export const ELIGIBILITY_STATUSES = ['eligible', 'joined_after_cutoff', 'moved_in_after_cutoff', 'start_date_unknown'] as const;
export type EligibilityStatus = (typeof ELIGIBILITY_STATUSES)[number];
export const ELIGIBILITY_LABELS: Record<EligibilityStatus, string> = {
  eligible: 'Eligible for moderation',
  joined_after_cutoff: 'Joined the Civil Service on or after the cut-off: not moderated this year',
  moved_in_after_cutoff: 'Joined the department on or after the cut-off: moderated by their previous department',
  start_date_unknown: 'Civil Service start date missing or unreadable: eligibility unknown',
};

export interface Panel {
  name: string;
  businessUnit: string;
  performanceYear: number;
  stage: PanelStage;
  /** ISO date; people who joined the Civil Service on or after it are listed apart. */
  eligibilityCutoff: string;
  status: PanelStatus;
  finalisedAt: string | null;
  finalisedBy: string | null;
  suppressionThreshold: number;
  /** Groups shown but not compared ("Prefer not to say", …): left out of the reference and the tests. */
  notComparedGroups: string[];
  /** Whether High Performing receives end-year awards (para 73). */
  highPerformingAward: HighPerformingAwardSetting;
  createdAt: string;
}

export interface Flag {
  kind: FlagKind;
  text: string;
  createdAt: string;
  createdBy: string;
}

export interface Note {
  id: number;
  text: string;
  createdAt: string;
  author: string;
  role: Role;
}

export interface Person {
  staffId: string;
  name: string;
  grade: string;
  businessUnit: string;
  jobTitle: string;
  lineManager: string;
  jobWeight: number | null;
  csStartDate: string | null;
  /** ISO date the person joined this department, where the file gives it (movers, para 70). */
  joinedDepartmentDate: string | null;
  /** ISO date the person left the Civil Service, where the file gives it: moderated, but no award (FAQ). */
  leftDate: string | null;
  /** The grade held for most of the year, where it differs from `grade` (temporary promotion, FAQ). */
  gradeForYear: string | null;
  /** Number of in-year non-consolidated payments made, where the file gives it (para 92c). */
  inYearPayments: number | null;
  /** Whether an end-year non-consolidated payment was made, where the file gives it (para 92c). */
  endYearPayment: boolean | null;
  poorPerformanceMeasures: boolean;
  /** From HR's file: a significant corporate contribution beyond the business unit is evidenced (para 34). */
  corporateContribution: boolean;
  /** The contribution the panel saw and recorded itself, for someone the file did not show with one (para 34). */
  corporateContributionEvidence: string | null;
  /** False when the person is listed apart rather than moderated here; `eligibility` says why. */
  eligible: boolean;
  eligibility: EligibilityStatus;
  provisionalMarking: BoxMarking | null;
  q1Marking: BoxMarking | null;
  q2Marking: BoxMarking | null;
  q3Marking: BoxMarking | null;
  midYearMarking: BoxMarking | null;
  moderatedMarking: BoxMarking | null;
  changeReason: string | null;
  /** Sort key inside the box: lower comes first. Default order is job weight descending, then name. */
  sortKey: number;
  financeObjective: FinanceObjective;
  financeNote: string;
  characteristics: Record<string, string>;
  flags: Flag[];
}

export const AUDIT_ACTIONS = [
  'create_panel',
  'import',
  'update_person',
  'remove_person',
  'move',
  'reorder',
  'flag',
  'unflag',
  'finance',
  'note',
  'undo',
  'redo',
  'finalise',
  'discussion_start',
  'discussion_end',
  'settings',
  'contribution',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  role: Role;
  action: AuditAction;
  staffId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  /** For undo/redo: the event being undone or redone. */
  refersTo: number | null;
}
