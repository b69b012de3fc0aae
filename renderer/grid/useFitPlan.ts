// Measures the room the screen leaves for the boxes and asks fitLayout for the plan. Only in presentation
// mode: elsewhere the grid scrolls and the chosen density is drawn as it is.

import { useLayoutEffect, useState, type RefObject } from 'react';
import type { Density } from './density';
import { FIT_ORDER, planFit, planFor, type FitPlan } from './fitLayout';

interface Space {
  width: number;
  height: number;
  header: number;
}

/** The plan for `counts` (one per list) in the element `boxesRef` points at, or null when not planning. */
export function useFitPlan(boxesRef: RefObject<HTMLElement | null>, counts: readonly number[], chosen: Density, active: boolean): FitPlan | null {
  const [space, setSpace] = useState<Space | null>(null);

  useLayoutEffect(() => {
    const element = boxesRef.current;
    if (!active || !element) {
      setSpace(null);
      return;
    }
    const measure = () => {
      const headers = [...element.querySelectorAll<HTMLElement>('.box-header')];
      const header = headers.reduce((max, h) => Math.max(max, h.offsetHeight), 0);
      // The box's top border is thicker than the others (5 + 1 px).
      const next = { width: element.clientWidth, height: element.clientHeight, header: header + 6 };
      setSpace((old) => (old && old.width === next.width && old.height === next.height && old.header === next.header ? old : next));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const header of element.querySelectorAll('.box-header')) observer.observe(header);
    return () => observer.disconnect();
  }, [boxesRef, active, counts.length]);

  if (!active || !space) return null;
  const fitSpace = { width: space.width, listHeight: space.height - space.header };
  return chosen === 'auto' ? planFit(counts, fitSpace, FIT_ORDER) : planFor(chosen, counts, fitSpace);
}
