// Tells a card which list it sits in and who else is shown there, without passing the id list as a
// prop (which would re-render every card in the box whenever one card moves).

import { createContext, useContext } from 'react';
import type { BoxMarking } from '../../shared/domain';

export type ListKind = BoxMarking | 'not-marked' | 'ineligible';

export interface BoxContextValue {
  list: ListKind;
  getIds(): readonly string[];
}

export const BoxContext = createContext<BoxContextValue>({ list: 'ineligible', getIds: () => [] });

export function useBoxContext(): BoxContextValue {
  return useContext(BoxContext);
}

/** How every card on the grid is drawn right now: one value for the whole grid, so no card asks the store. */
export interface GridDisplay {
  density: 'cards' | 'compact' | 'chips';
  initials: boolean;
  hideDetails: boolean;
}

export const GridDisplayContext = createContext<GridDisplay>({ density: 'cards', initials: false, hideDetails: false });
