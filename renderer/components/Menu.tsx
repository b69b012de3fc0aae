// A popup menu (role="menu") anchored to the control that opened it: arrow keys, Home/End and first
// letters choose, Enter/Space act, Escape or Tab close. Fixed-positioned so scrolling boxes do not clip it.

import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  /** Extra words after the label (e.g. why a target is refused), also read by screen readers. */
  hint?: string;
  disabled?: boolean;
  /** Starts a new group, drawn with a separator above it. */
  groupStart?: boolean;
}

export interface MenuProps {
  label: string;
  items: MenuItem[];
  anchor: HTMLElement;
  /** Opened by a right-click: the menu's corner goes at the pointer rather than under the anchor. */
  at?: { x: number; y: number };
  onSelect(item: MenuItem): void;
  /** `restoreFocus` is false when the menu closed because the user clicked elsewhere. */
  onClose(restoreFocus: boolean): void;
}

export function Menu({ label, items, anchor, at, onSelect, onClose }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number }>({ top: 0, left: 0 });
  const firstEnabled = Math.max(0, items.findIndex((item) => !item.disabled));
  const [active, setActive] = useState(firstEnabled);

  useLayoutEffect(() => {
    const anchorBox = anchor.getBoundingClientRect();
    const menuBox = ref.current?.getBoundingClientRect();
    const width = menuBox?.width ?? 240;
    const height = menuBox?.height ?? 200;
    if (at) {
      setPosition({
        top: Math.max(4, Math.min(at.y, window.innerHeight - height - 4)),
        left: Math.max(4, Math.min(at.x, window.innerWidth - width - 4)),
      });
      return;
    }
    const below = anchorBox.bottom + 4;
    const top = below + height > window.innerHeight ? Math.max(4, anchorBox.top - height - 4) : below;
    const left = Math.min(Math.max(4, anchorBox.left), window.innerWidth - width - 4);
    setPosition({ top, left });
  }, [anchor, at]);

  useEffect(() => {
    ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose]);

  function onKeyDown(event: KeyboardEvent) {
    const last = items.length - 1;
    const step = (from: number, by: number) => (from + by + items.length) % items.length;
    switch (event.key) {
      case 'ArrowDown':
        setActive((i) => step(i, 1));
        break;
      case 'ArrowUp':
        setActive((i) => step(i, -1));
        break;
      case 'Home':
        setActive(0);
        break;
      case 'End':
        setActive(last);
        break;
      case 'Escape':
        onClose(true);
        break;
      case 'Tab':
        onClose(true);
        break;
      default: {
        if (event.key.length === 1 && /\S/.test(event.key)) {
          const letter = event.key.toLowerCase();
          const next = items.findIndex((item, i) => i > active && item.label.toLowerCase().startsWith(letter));
          const wrap = items.findIndex((item) => item.label.toLowerCase().startsWith(letter));
          const found = next !== -1 ? next : wrap;
          if (found !== -1) setActive(found);
          break;
        }
        return;
      }
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      style={{ top: position.top, left: position.left }}
      onKeyDown={onKeyDown}
    >
      {items.map((item, index) => (
        <div key={item.id} role="none" className={item.groupStart ? 'menu-group-start' : undefined}>
          <button
            type="button"
            role="menuitem"
            tabIndex={index === active ? 0 : -1}
            aria-disabled={item.disabled || undefined}
            className="menu-item"
            onClick={() => onSelect(item)}
            onMouseEnter={() => setActive(index)}
          >
            <span className="menu-item-label">{item.label}</span>
            {item.hint ? <span className="menu-item-hint">{item.hint}</span> : null}
          </button>
        </div>
      ))}
    </div>
  );
}
