// Sizes a scrolling box to the rest of the window, so a long table scrolls inside itself (and its rows can
// be virtualised) whatever the shell around the view does with its own height.

import { useLayoutEffect, type RefObject } from 'react';

const MIN_HEIGHT = 280;
/** Room left under the box for the shell's bottom padding. */
const BOTTOM_GAP = 28;

export function useFillViewport(ref: RefObject<HTMLElement | null>): void {
  // Runs after every render: what sits above the box (a message, a banner) can change its top.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const top = element.getBoundingClientRect().top + window.scrollY;
    const height = `${Math.max(MIN_HEIGHT, window.innerHeight - top - BOTTOM_GAP)}px`;
    if (element.style.height !== height) element.style.height = height;
  });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const resize = () => {
      const top = element.getBoundingClientRect().top + window.scrollY;
      element.style.height = `${Math.max(MIN_HEIGHT, window.innerHeight - top - BOTTOM_GAP)}px`;
    };
    window.addEventListener('resize', resize);
    return () => window.removeEventListener('resize', resize);
  }, [ref]);
}
