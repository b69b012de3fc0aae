// The overall moderation meeting in the contract (issue 8, paras 82-84): unit panel files handed to the host,
// the merge checked and then made (the host opens the new overall panel), and the department view's figures.
// Spread into shared/contract.ts's requestSchemas and ApiResponses.

import { z } from 'zod';
import type { PanelStatus } from './domain';
import { BREAKDOWN_STAGES } from './fairness';
import type { DepartmentReport } from './department';

export type MergeConflictKind = 'duplicate_staff_id' | 'not_finalised' | 'different_years' | 'passphrase' | 'unreadable' | 'output_exists';

export interface MergeConflict {
  kind: MergeConflictKind;
  /** The unit panels concerned, by label (their file names). */
  units: string[];
  staffId?: string;
  name?: string;
  /** What is wrong, naming the unit panel(s) and the person. */
  message: string;
  /** What resolves it, in the command line's terms (the window offers the same choices). */
  fix: string;
}

export interface UnitSummary {
  label: string;
  panel: string;
  businessUnit: string;
  performanceYear: number;
  status: PanelStatus;
  chair: string | null;
  finalisedAt: string | null;
  encrypted: boolean;
  people: number;
  eligible: number;
  /** Eligible people whose unit moderated marking differs from the line manager's. */
  changedLocally: number;
}

export interface MergeDuplicate {
  staffId: string;
  name: string;
  units: string[];
  /** The unit whose copy stands (preferred), or null when the person is left out. */
  takenFrom: string | null;
}

/** What the window learns from checking (or making) a merge. */
export interface MergeCheck {
  merged: boolean;
  /** The host's save dialog was cancelled: nothing was made. */
  cancelled?: boolean;
  units: UnitSummary[];
  conflicts: MergeConflict[];
  duplicates: MergeDuplicate[];
  people: number;
  performanceYear: number | null;
  warnings: string[];
  /** After a merge: the overall panel's file name; the host has opened it. */
  fileName?: string;
}

export function overallRequestSchemas<A extends z.ZodTypeAny>(actorSchema: A) {
  const staffId = z.string().trim().min(1).max(200);
  return {
    /** Unit panel files chosen in the window, as bytes: the host keeps them for the merge (replacing earlier ones). */
    stageUnitPanels: z.object({
      units: z
        .array(z.object({ fileName: z.string().min(1).max(500), bytesBase64: z.string().max(300_000_000) }))
        .min(1, 'Choose at least one unit panel file')
        .max(1000),
    }),
    /** Checks the merge of the unit panels the host holds (commit false), or makes and opens it (commit true). */
    mergeUnitPanels: z.object({
      actor: actorSchema,
      commit: z.boolean().default(false),
      /** Unit panels (labels) whose copy stands where a staff id is in more than one; earlier wins. */
      prefer: z.array(z.string().min(1).max(500)).max(1000).default([]),
      exclude: z.array(staffId).max(1_000_000).default([]),
      allowOpen: z.boolean().default(false),
      /** For encrypted unit panels; the overall panel is encrypted with it too. */
      passphrase: z.string().max(1000).optional(),
      /**
       * HR's explicit choice to make the overall panel without encryption. It holds every unit's special-category
       * data, so without a passphrase nothing is made unless this is true.
       */
      noEncryption: z.boolean().default(false),
      name: z.string().trim().max(200).optional(),
    }),
    /** The department view: distributions by business unit and grade, and a characteristic's gaps per unit. */
    departmentBreakdown: z.object({
      actor: actorSchema,
      characteristic: z.string().trim().min(1).max(200),
      stage: z.enum(BREAKDOWN_STAGES).default('moderated'),
    }),
  };
}

export interface OverallResponses {
  stageUnitPanels: { units: { label: string; bytes: number }[] };
  mergeUnitPanels: MergeCheck;
  departmentBreakdown: DepartmentReport & { characteristics: string[] };
}
