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
  // Own keys only: "constructor" or "toString" must not find Object's members (a function is no marking).
  return Object.hasOwn(MARKING_SPELLINGS, key) ? (MARKING_SPELLINGS[key] as BoxMarking) : null;
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

export const ROLES = ['chair', 'member', 'finance', 'hr', 'observer', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  name: string;
  role: Role;
  /**
   * The newest event from another window or the CLI that the window had seen when it asked for this change:
   * a change to someone changed elsewhere since is refused rather than silently overwriting it.
   */
  seenThrough?: number;
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

/**
 * Where a person in an overall panel came from (paras 82-84): the unit panel that moderated them, its chair
 * (who finalised it) and when, and what it decided. The unit's moderated marking is the overall panel's
 * provisional marking; the line manager's marking and the unit's reason are kept here.
 */
export interface UnitSource {
  /** The unit panel's file name, as it was merged. */
  file: string;
  panel: string;
  businessUnit: string;
  status: PanelStatus;
  /** Who finalised the unit panel (its chair); null when it was merged while still open. */
  chair: string | null;
  finalisedAt: string | null;
  /** The line manager's provisional marking, as the unit panel held it. */
  provisionalMarking: BoxMarking | null;
  /** The unit panel's moderated marking: the overall panel's provisional marking. */
  moderatedMarking: BoxMarking | null;
  /** The reason the unit panel recorded for changing the marking, if it changed it. */
  changeReason: string | null;
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
  /**
   * Last year's and the year before's moderated marking, where HR's file (or last year's outcome file) gives
   * them (issue 8). Optional so that code building a Person need not know about them; the panel always sets them.
   */
  previousMarking1?: BoxMarking | null;
  previousMarking2?: BoxMarking | null;
  /** The countersigning officer, where HR's file names one (compared with who attended, issue 8). */
  countersigningOfficer?: string | null;
  /** In an overall panel: the unit panel this person was moderated in, and what it decided (paras 82-84). */
  source?: UnitSource | null;
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
  // Who was in the room, a member stepping out, last year's markings (issue 8).
  'attendance',
  'step_out',
  'previous_markings',
  // Contributions before the meeting (issue 8): a workbook written for a contributor, the finance
  // partner's workbook taken back, a panel member's preview verdicts recorded.
  'contribution_sheet',
  'finance_workbook',
  'member_preview',
  // The overall moderation meeting (issue 8, paras 82-84): unit panels merged into the department's panel.
  'merge',
  // Trust (issue 9): the history chained from here on (a panel made before it was), the passphrase changed.
  'chain_start',
  'rekey',
  // Roles the service enforces (issue 9, shared/roles.ts): an action refused for the person's role (or a
  // wrong PIN), a change of role in a window, HR setting or removing a role's PIN, and HR sharing the
  // breakdowns with the room (a checkpoint: the room's figures change only then).
  'refused',
  'role_switch',
  'role_pin',
  'share_breakdowns',
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
