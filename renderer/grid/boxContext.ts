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
