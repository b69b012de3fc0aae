// The panel's attendance as the window sees it: fetched through the contract and kept live (after every
// change to the panel, and after an attendance or step-out change, which bumps the fairness tick).

import type { AttendanceView } from '../../shared/cycleContract';
import type { ConflictOfInterest } from '../../shared/attendance';
import { api } from '../api';
import { useLiveResult } from '../fairness/live';

export function useAttendance() {
  return useLiveResult<AttendanceView>('attendance', () => api.attendance({}));
}

/** Each person with a panel member who manages them, by staff id. */
export function conflictsById(view: AttendanceView | null): Map<string, ConflictOfInterest> {
  return new Map((view?.conflicts ?? []).map((c) => [c.staffId, c]));
}
