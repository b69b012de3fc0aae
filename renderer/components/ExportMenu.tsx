// The header's Export menu: the moderated outcome (the export view), or a workbook for someone to fill in
// before the meeting — the finance partner's, or a panel member's preview.

import { useCallback, useRef, useState } from 'react';
import { usePanelStore } from '../store';
import { Menu, type MenuItem } from './Menu';
import { runCommand } from './commands';

export function ExportMenu() {
  const finalised = usePanelStore((s) => s.panel?.status === 'finalised');
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const close = useCallback((restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) button.current?.focus();
  }, []);

  const hint = finalised ? 'the panel is finalised' : undefined;
  const items: MenuItem[] = [
    { id: 'view:export', label: 'The outcome (CSV or Excel)…' },
    { id: 'finance-sheet', label: 'Finance partner’s workbook…', disabled: finalised, groupStart: true, ...(hint ? { hint } : {}) },
    { id: 'preview-sheet', label: 'Panel member’s preview…', disabled: finalised, ...(hint ? { hint } : {}) },
  ];

  return (
    <>
      <button ref={button} type="button" className="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((wasOpen) => !wasOpen)}>
        Export ▾
      </button>
      {open && button.current ? (
        <Menu
          label="Export"
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
