// The header's File menu: a new overall panel from unit panels (the overall moderation meeting, paras
// 82-84). The desktop app has the same item in its native File menu, which picks the files natively.

import { useCallback, useRef, useState } from 'react';
import { Menu, type MenuItem } from '../components/Menu';
import { runCommand } from '../components/commands';

const ITEMS: MenuItem[] = [{ id: 'merge-units', label: 'New overall panel from unit panels…' }];

export function FileMenu() {
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const close = useCallback((restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) button.current?.focus();
  }, []);

  return (
    <>
      <button ref={button} type="button" className="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((wasOpen) => !wasOpen)}>
        File ▾
      </button>
      {open && button.current ? (
        <Menu
          label="File"
          items={ITEMS}
          anchor={button.current}
          onClose={close}
          onSelect={(item) => {
            setOpen(false);
            runCommand(item.id);
          }}
        />
      ) : null}
    </>
  );
}
