// How much a card shows: full cards, compact rows or name chips. The chair's choice is remembered per
// panel file on this machine; "Fit the screen" (the default) lets presentation mode choose the most
// detailed layout that still shows everyone.

import { create } from 'zustand';

export const DENSITIES = ['auto', 'cards', 'compact', 'chips'] as const;
export type Density = (typeof DENSITIES)[number];
/** What a card is actually drawn as. */
export type ShownDensity = Exclude<Density, 'auto'>;

export const DENSITY_LABELS: Record<Density, string> = {
  auto: 'Fit the screen',
  cards: 'Cards',
  compact: 'Compact',
  chips: 'Chips',
};

const KEY_PREFIX = 'modpanel-density:';

function saved(fileName: string): Density {
  try {
    const value = localStorage.getItem(KEY_PREFIX + fileName);
    return (DENSITIES as readonly string[]).includes(value ?? '') ? (value as Density) : 'auto';
  } catch {
    return 'auto';
  }
}

interface DensityState {
  fileName: string;
  chosen: Density;
  /** Picks up the choice saved for this panel file. */
  load(fileName: string): void;
  choose(density: Density): void;
}

export const useDensity = create<DensityState>((set, get) => ({
  fileName: '',
  chosen: 'auto',
  load: (fileName) => {
    if (get().fileName === fileName) return;
    set({ fileName, chosen: saved(fileName) });
  },
  choose: (chosen) => {
    try {
      localStorage.setItem(KEY_PREFIX + get().fileName, chosen);
    } catch {
      // A full or blocked store only loses the memory of the choice, not the choice.
    }
    set({ chosen });
  },
}));
