// The first thing the Tab key reaches: past the header, to the boxes or to the discussion queue (Alt+Q does
// the same from anywhere). Hidden until focused.

import type { MouseEvent } from 'react';
import { focusDiscussionRail } from '../fairness/railFocus';

function toQueue(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  focusDiscussionRail();
}

export function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip links">
      <a href="#main" className="skip-link">
        Skip to the panel
      </a>
      <a href="#discussion-rail" className="skip-link" onClick={toQueue} aria-keyshortcuts="Alt+Q">
        Skip to the discussion queue (Alt+Q)
      </a>
    </nav>
  );
}
