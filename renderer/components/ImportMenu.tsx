// The header's Import menu: HR's file of people (the import view), a list of agreed changes applied as
// one batch (the same as `modpanel apply`), or a contributor's workbook taken back (issue 8).

import { usePanelStore } from '../store';
import type { MenuItem } from './Menu';
import { MenuButton } from './MenuButton';

export function ImportMenu() {
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const hint = finalised ? 'the panel is finalised' : undefined;
  const items: MenuItem[] = [
    { id: 'view:import', label: 'Import people from a file…', disabled: finalised, ...(hint ? { hint } : {}) },
    { id: 'apply-changes', label: 'Apply a list of changes…', disabled: finalised, ...(hint ? { hint } : {}) },
    { id: 'finance-import', label: 'Finance partner’s workbook…', disabled: finalised, groupStart: true, ...(hint ? { hint } : {}) },
    { id: 'preview-import', label: 'Panel members’ previews…', disabled: finalised, ...(hint ? { hint } : {}) },
  ];
  return <MenuButton label="Import" items={items} />;
}
