// Who was in the room (issue 8): attendance entered once per meeting and audited, the finance partner's
// attendance stated on the record (Annex D 3.a.ii), and a panel member who manages the person discussed
// named in the queue and the person panel, with whether they stepped out recorded, not policed.
import { describe, expect, it } from 'vitest';
import { createPanelApi } from '../../db/api';
import { ATTENDANCE_ROLES, FINANCE_ATTENDANCE_QUOTE, panelMembersManaging, sameName } from '../../shared/attendance';
import { CHAIR, record, modpanel, tempPanelsForEachTest } from './helpers';

const panels = tempPanelsForEachTest();

const people = [
  record('S1', { name: 'Ann Able', lineManager: 'Morgan Manager' }),
  record('S2', { name: 'Ben Best', lineManager: 'Pat Other', countersigningOfficer: 'morgan  manager' }),
  record('S3', { name: 'Cy Cole', lineManager: 'Jo Elsewhere' }),
];

describe('the attendance', () => {
  it('quotes Annex D 3.a.ii on finance professionals attending', () => {
    expect(FINANCE_ATTENDANCE_QUOTE).toContain(
      'Wherever possible finance professionals should attend moderation panels to provide professional insight on the degree to which job holders have demonstrated sound financial management',
    );
    expect(ATTENDANCE_ROLES).toEqual(['chair', 'member', 'finance', 'hr', 'observer']);
  });

  it('is entered once, audited with who entered it, and says plainly when no finance partner attended', async () => {
    const service = panels.create('p.modpanel', people);
    const api = createPanelApi({ service: () => service });
    const first = await api.updateAttendance({
      actor: CHAIR,
      add: [
        { name: 'Chris Chair', role: 'chair' },
        { name: 'Morgan Manager', role: 'member' },
      ],
    });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.attendees.map((a) => [a.name, a.role])).toEqual([
      ['Chris Chair', 'chair'],
      ['Morgan Manager', 'member'],
    ]);
    expect(first.value.financeNote).toBe('No finance partner attended this panel. Annex D 3.a.ii expects finance professionals to attend wherever possible.');

    // The same name again (any case or spacing) changes the role rather than adding a second entry.
    const second = await api.updateAttendance({ actor: CHAIR, add: [{ name: 'Sam Finance', role: 'finance' }, { name: 'morgan manager', role: 'member' }] });
    expect(second.ok && second.value.attendees.length).toBe(3);
    expect(second.ok && second.value.financeNote).toBe('Finance partner present: Sam Finance (Annex D 3.a.ii).');

    const events = service.audit({ action: 'attendance' });
    expect(events).toHaveLength(2);
    expect(events[0]!.actor).toBe('Chris Chair');
    expect(events[0]!.after).toEqual({
      attendees: [
        { name: 'Chris Chair', role: 'chair' },
        { name: 'Morgan Manager', role: 'member' },
        { name: 'Sam Finance', role: 'finance' },
      ],
    });

    const removed = await api.updateAttendance({ actor: CHAIR, remove: ['Nobody Here'] });
    expect(removed.ok).toBe(false);
    if (!removed.ok) expect(removed.error.message).toMatch(/Nobody Here is not on the attendance \(it lists Chris Chair, Morgan Manager, Sam Finance\)/);
    expect(service.audit({ action: 'attendance' })).toHaveLength(2);
  });

  it('names the panel member someone reports to, as line manager or countersigning officer', async () => {
    expect(sameName('J. Smith', 'j smith')).toBe(true);
    expect(panelMembersManaging({ lineManager: 'Morgan Manager', countersigningOfficer: null }, [{ name: 'morgan manager', role: 'member' }])).toEqual([
      { member: 'morgan manager', memberRole: 'member', relation: 'line manager' },
    ]);
    const service = panels.create('p.modpanel', people);
    service.updateAttendance({ add: [{ name: 'Morgan Manager', role: 'member' }] }, CHAIR);
    const api = createPanelApi({ service: () => service });
    const view = await api.attendance({});
    expect(view.ok && view.value.conflicts.map((c) => [c.staffId, c.links.map((l) => `${l.member}: ${l.relation}`)])).toEqual([
      ['S1', ['Morgan Manager: line manager']],
      ['S2', ['Morgan Manager: countersigning officer']],
    ]);
    // Nothing is recorded about stepping out until the panel says so: the tool records, it does not police.
    expect(view.ok && view.value.conflicts[0]!.links[0]!.steppedOut).toBeNull();
  });

  it('records whether the member stepped out during the discussion, audited, and refuses a member who does not manage them', async () => {
    const service = panels.create('p.modpanel', people);
    service.updateAttendance({ add: [{ name: 'Morgan Manager', role: 'member' }] }, CHAIR);
    const api = createPanelApi({ service: () => service });
    await api.startDiscussion({ actor: CHAIR, staffId: 'S1' });
    const stepped = await api.recordStepOut({ actor: CHAIR, staffId: 'S1', member: 'Morgan Manager', steppedOut: true });
    expect(stepped.ok && stepped.value.conflicts.find((c) => c.staffId === 'S1')!.links[0]!.steppedOut).toBe(true);
    const event = service.audit({ action: 'step_out' })[0]!;
    expect(event).toMatchObject({ staffId: 'S1', actor: 'Chris Chair', after: { member: 'Morgan Manager', relation: 'line manager', steppedOut: true } });

    const wrong = await api.recordStepOut({ actor: CHAIR, staffId: 'S3', member: 'Morgan Manager', steppedOut: true });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toBe('No one on the attendance manages Cy Cole (line manager Jo Elsewhere), so there is no step-out to record');
  });

  it('works from the command line: --role after --add is the attendee’s, the other --role is yours', async () => {
    const service = panels.create('p.modpanel', people);
    const path = service.path;
    service.close();
    const added = await modpanel('attendance', path, '--add', 'Morgan Manager', '--role', 'member', '--add', 'Sam Finance', '--role', 'finance', '--actor', 'Hana HR', '--role', 'hr');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Morgan Manager\s+Panel member/);
    expect(added.stdout).toMatch(/Finance partner present: Sam Finance/);
    expect(added.stdout).toMatch(/S1 {2}Ann Able: Morgan Manager \(line manager\) — stepping out not recorded/);
    const stepped = await modpanel('stepped-out', path, 'S1', 'Morgan Manager', '--actor', 'Chris Chair');
    expect(stepped.stdout).toBe('Morgan Manager stepped out while Ann Able was discussed (recorded).');
    const shown = JSON.parse((await modpanel('attendance', path, '--json')).stdout) as { conflicts: { staffId: string; links: { steppedOut: boolean | null }[] }[] };
    expect(shown.conflicts.find((c) => c.staffId === 'S1')!.links[0]!.steppedOut).toBe(true);
    const audit = JSON.parse((await modpanel('audit', path, '--action', 'attendance', '--json')).stdout) as { actor: string; role: string }[];
    expect(audit.map((e) => [e.actor, e.role])).toEqual([['Hana HR', 'hr']]);

    const noRole = await modpanel('attendance', path, '--add', 'Someone New', '--actor', 'Hana HR');
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/Say which role Someone New attended in/);
  });
});
