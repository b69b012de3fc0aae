// The header's Export menu: the moderated outcome (the export view), or a workbook for someone to fill in
// before the meeting — the finance partner's, or a panel member's preview.

import { usePanelStore } from '../store';
import type { MenuItem } from './Menu';
import { MenuButton } from './MenuButton';

export function ExportMenu() {
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const hint = finalised ? 'the panel is finalised' : undefined;
  const items: MenuItem[] = [
    { id: 'view:export', label: 'The outcome (CSV or Excel)…' },
    { id: 'finance-sheet', label: 'Finance partner’s workbook…', disabled: finalised, groupStart: true, ...(hint ? { hint } : {}) },
    { id: 'preview-sheet', label: 'Panel member’s preview…', disabled: finalised, ...(hint ? { hint } : {}) },
  ];
  return <MenuButton label="Export" items={items} />;
}
