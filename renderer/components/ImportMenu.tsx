// The header's Import menu: HR's file of people (the import view), a list of agreed changes applied as
// one batch (the same as `modpanel apply`), or a contributor's workbook taken back (issue 8).

import { useCallback, useRef, useState } from 'react';
import { usePanelStore } from '../store';
import { Menu, type MenuItem } from './Menu';
import { runCommand } from './commands';

export function ImportMenu() {
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const close = useCallback((restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) button.current?.focus();
  }, []);

  const hint = finalised ? 'the panel is finalised' : undefined;
  const items: MenuItem[] = [
    { id: 'view:import', label: 'Import people from a file…', disabled: finalised, ...(hint ? { hint } : {}) },
    { id: 'apply-changes', label: 'Apply a list of changes…', disabled: finalised, ...(hint ? { hint } : {}) },
    { id: 'finance-import', label: 'Finance partner’s workbook…', disabled: finalised, groupStart: true, ...(hint ? { hint } : {}) },
    { id: 'preview-import', label: 'Panel members’ previews…', disabled: finalised, ...(hint ? { hint } : {}) },
  ];

  return (
    <>
      <button
        ref={button}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
      >
        Import ▾
      </button>
      {open && button.current ? (
        <Menu
          label="Import"
          items={items}
          anchor={button.current}
          onClose={close}
          onSelect={(item) => {
            if (item.disabled) return;
            setOpen(false);
            runCommand(item.id);
          }}
        />
      ) : null}
    </>
  );
}
