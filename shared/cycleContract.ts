// The contract entries for who was in the room, mid-year against end-year and previous years (issue 8):
// merged into shared/contract.ts's requestSchemas and ApiResponses, served by db/cycleHandlers.ts.

import { z } from 'zod';
import { ATTENDANCE_ROLES, type Attendee, type ConflictOfInterest } from './attendance';
import type { MidYearComparison } from './midYear';
import type { LastYearMovement } from './previousYears';

/** The two schemas the main contract defines, passed in so this file does not import it (no cycle). */
export function cycleRequestSchemas<A extends z.ZodTypeAny>(actorSchema: A) {
  const staffId = z.string().trim().min(1).max(200);
  const personName = z.string().trim().min(1, 'A name is required').max(200);
  return {
    /** Who attended, the finance note, and each person with a panel member who manages them. */
    attendance: z.object({}),
    updateAttendance: z.object({
      actor: actorSchema,
      add: z.array(z.object({ name: personName, role: z.enum(ATTENDANCE_ROLES) })).max(200).optional(),
      remove: z.array(personName).max(200).optional(),
    }),
    /** Whether a panel member who manages the person stepped out during the discussion (recorded, not policed). */
    recordStepOut: z.object({ actor: actorSchema, staffId, member: personName, steppedOut: z.boolean() }),
    /** `actor.role` decides the copy: HR sees every number; anyone else the suppressed copy. */
    midYearComparison: z.object({ actor: actorSchema }),
    /** A mid-year panel file (stage mid_year) opened beside this panel, as uploaded bytes. */
    openMidYear: z.object({
      actor: actorSchema,
      fileName: z.string().min(1).max(500),
      bytesBase64: z.string().max(300_000_000),
      key: z.string().max(1000).optional(),
    }),
    closeMidYear: z.object({ actor: actorSchema }),
    lastYearMovement: z.object({
      actor: actorSchema,
      characteristic: z.string().trim().min(1).max(200),
      referenceGroup: z.string().max(500).nullable().optional(),
    }),
    /** Checks an export mapping the window uploaded, before the export: every problem with its JSON path. */
    checkExportMapping: z.object({ mapping: z.unknown(), mappingFileName: z.string().max(500) }),
  };
}

export interface AttendanceView {
  attendees: Attendee[];
  /** Annex D 3.a.ii: whether a finance partner attended, in a sentence. */
  financeNote: string;
  conflicts: ConflictOfInterest[];
}

export interface CycleResponses {
  attendance: AttendanceView;
  updateAttendance: AttendanceView;
  recordStepOut: AttendanceView;
  midYearComparison: MidYearComparison;
  openMidYear: MidYearComparison;
  closeMidYear: MidYearComparison;
  lastYearMovement: LastYearMovement & { characteristics: string[]; threshold: number };
  checkExportMapping: ExportMappingSummary;
}

/** What an export mapping will write, for the Export view to show before exporting. */
export interface ExportMappingSummary {
  fileName: string;
  description: string | null;
  headers: string[];
  rows: 'all' | 'eligible';
  /** How many people the export will hold. */
  people: number;
}
