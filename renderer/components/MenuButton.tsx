// A header button that opens a menu of commands (File, Import, Export): the button says it has a popup and
// whether it is open, each item runs its command (components/commands.ts), and Escape gives focus back to
// the button.

import { useCallback, useRef, useState } from 'react';
import { Menu, type MenuItem } from './Menu';
import { runCommand } from './commands';

export function MenuButton({ label, items }: { label: string; items: MenuItem[] }) {
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const close = useCallback((restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) button.current?.focus();
  }, []);

  return (
    <>
      <button ref={button} type="button" className="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((wasOpen) => !wasOpen)}>
        {label} ▾
      </button>
      {open && button.current ? (
        <Menu
          label={label}
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
