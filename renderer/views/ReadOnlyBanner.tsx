// The banner every view of mine shows once the panel is finalised: who finalised it, when, and that
// nothing can be changed any more.

import type { Panel } from '../../shared/domain';
import { formatWhen } from './auditWords';

export function isFinalised(panel: Panel | null): boolean {
  return panel?.status === 'finalised';
}

export default function ReadOnlyBanner({ panel }: { panel: Panel | null }) {
  if (!panel || panel.status !== 'finalised') return null;
  return (
    <div className="mp-banner mp-banner--locked" role="status">
      <strong>Finalised — read-only.</strong> {panel.finalisedBy ?? 'The chair'} finalised this panel
      {panel.finalisedAt ? ` on ${formatWhen(panel.finalisedAt)}` : ''}. Markings, finance annotations and imports can no longer be changed;
      the outcome can still be exported.
    </div>
  );
}
