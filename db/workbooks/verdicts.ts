// The member_verdict table: each panel member's verdict on each case from their preview workbook. Knows
// SQL, no rules. Writes happen only inside the service's batch (memberPreview.ts), with their audit event.

import type { PanelDatabase } from '../connection';
import type { MemberVerdict } from '../../shared/contributions';

export interface StoredVerdict {
  member: string;
  staffId: string;
  verdict: MemberVerdict;
  comment: string;
  workbookWrittenAt: string | null;
  recordedAt: string;
}

interface VerdictRow {
  member: string;
  staff_id: string;
  verdict: MemberVerdict;
  comment: string;
  workbook_written_at: string | null;
  recorded_at: string;
}

const toVerdict = (row: VerdictRow): StoredVerdict => ({
  member: row.member,
  staffId: row.staff_id,
  verdict: row.verdict,
  comment: row.comment,
  workbookWrittenAt: row.workbook_written_at,
  recordedAt: row.recorded_at,
});

const SELECT = `SELECT v.member, p.staff_id, v.verdict, v.comment, v.workbook_written_at, v.recorded_at
  FROM member_verdict v JOIN person p ON p.id = v.person_id`;

/** One member's verdicts (names match ignoring case), in staff id order. */
export function verdictsOfMember(db: PanelDatabase, member: string): StoredVerdict[] {
  return db.prepare<[string], VerdictRow>(`${SELECT} WHERE v.member = ? ORDER BY p.staff_id`).all(member).map(toVerdict);
}

/** Everyone's verdicts on one person, by member name. */
export function verdictsOnPerson(db: PanelDatabase, staffId: string): StoredVerdict[] {
  return db.prepare<[string], VerdictRow>(`${SELECT} WHERE p.staff_id = ? ORDER BY v.member`).all(staffId).map(toVerdict);
}

/** Every verdict in the panel. */
export function allVerdicts(db: PanelDatabase): StoredVerdict[] {
  return db.prepare<[], VerdictRow>(`${SELECT} ORDER BY p.staff_id, v.member`).all().map(toVerdict);
}

/** The members who have returned a preview, as first written. */
export function membersWithVerdicts(db: PanelDatabase): string[] {
  return db
    .prepare<[], { member: string }>('SELECT member FROM member_verdict GROUP BY member ORDER BY member')
    .all()
    .map((row) => row.member);
}

/** Replaces one member's verdicts with these. The caller holds the transaction and writes the audit event. */
export function replaceVerdicts(
  db: PanelDatabase,
  member: string,
  verdicts: readonly { staffId: string; verdict: MemberVerdict; comment: string }[],
  meta: { workbookWrittenAt: string | null; recordedAt: string; recordedBy: string },
): void {
  db.prepare('DELETE FROM member_verdict WHERE member = ?').run(member);
  const insert = db.prepare(
    `INSERT INTO member_verdict (member, person_id, verdict, comment, workbook_written_at, recorded_at, recorded_by)
     SELECT @member, id, @verdict, @comment, @writtenAt, @recordedAt, @recordedBy FROM person WHERE staff_id = @staffId`,
  );
  for (const v of verdicts) {
    insert.run({ member, staffId: v.staffId, verdict: v.verdict, comment: v.comment, writtenAt: meta.workbookWrittenAt, recordedAt: meta.recordedAt, recordedBy: meta.recordedBy });
  }
}
