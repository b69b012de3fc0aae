// "Reports to Morgan Manager (line manager), who is on the panel", with a toggle recording whether that
// member stepped out while the person was discussed. The tool records; it does not police.

import { useEffect, useState } from 'react';
import { panelMemberSentence, type ConflictOfInterest } from '../../shared/attendance';
import { api } from '../api';
import { usePanelStore } from '../store';
import { useFairnessTick } from '../fairness/live';
import './attendance.css';

export function PanelMemberNote({ conflict, compact = false }: { conflict: ConflictOfInterest | undefined; compact?: boolean }) {
  const actor = usePanelStore((s) => s.actor);
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const refuse = usePanelStore((s) => s.refuse);
  const announce = usePanelStore((s) => s.announce);
  const bump = useFairnessTick((s) => s.bump);
  const [busy, setBusy] = useState(false);
  // The box shows what was asked for at once; the host's answer (a refreshed attendance) then replaces it.
  const [asked, setAsked] = useState<Record<string, boolean>>({});
  useEffect(() => setAsked({}), [conflict]);
  if (!conflict || conflict.links.length === 0) return null;

  async function toggle(member: string, steppedOut: boolean) {
    setBusy(true);
    setAsked((a) => ({ ...a, [member]: steppedOut }));
    const result = await api.recordStepOut({ actor, staffId: conflict!.staffId, member, steppedOut });
    setBusy(false);
    if (!result.ok) {
      setAsked((a) => {
        const { [member]: _, ...rest } = a;
        return rest;
      });
      refuse(result.error.message);
      return;
    }
    announce(`Recorded: ${member} ${steppedOut ? 'stepped out' : 'stayed in the room'} while ${conflict!.name} was discussed`);
    bump();
  }

  return (
    <div className={compact ? 'member-note member-note-compact' : 'member-note'} data-testid="panel-member-note">
      {conflict.links.map((link) => (
        <div key={`${link.member}-${link.relation}`} className="member-note-row">
          <p>
            <strong>On the panel:</strong> {panelMemberSentence(link)}.
          </p>
          <label className="member-note-toggle">
            <input
              type="checkbox"
              checked={asked[link.member] ?? link.steppedOut === true}
              disabled={busy || finalised}
              onChange={(e) => void toggle(link.member, e.target.checked)}
            />
            {link.member} stepped out for this discussion
          </label>
          {link.steppedOut === null ? <span className="muted member-note-state"> (not recorded yet)</span> : null}
        </div>
      ))}
    </div>
  );
}
