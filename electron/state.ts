// What the desktop app remembers between runs (window size and place, maximised or not, recent panels),
// kept as JSON in the user's data folder and validated on read: a damaged file means defaults, not a crash.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const MAX_RECENT = 10;
export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 600;
export const DEFAULT_WIDTH = 1400;
export const DEFAULT_HEIGHT = 900;

const boundsSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(200).max(100_000),
});

export type Bounds = z.infer<typeof boundsSchema>;

export const appStateSchema = z.object({
  version: z.literal(1),
  window: z
    .object({
      bounds: boundsSchema.nullable().default(null),
      maximised: z.boolean().default(false),
    })
    .default({ bounds: null, maximised: false }),
  recentPanels: z.array(z.string().min(1).max(4096)).max(100).default([]),
});

export type AppState = z.infer<typeof appStateSchema>;

export function defaultState(): AppState {
  return { version: 1, window: { bounds: null, maximised: false }, recentPanels: [] };
}

/** Reads the state file; a missing, unreadable or invalid file gives the defaults. */
export function loadState(file: string): AppState {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return defaultState();
  }
  try {
    const parsed = appStateSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return defaultState();
    return { ...parsed.data, recentPanels: parsed.data.recentPanels.slice(0, MAX_RECENT) };
  } catch {
    return defaultState();
  }
}

/** Writes through a temporary file and a rename, so a crash mid-write never leaves half a file. */
export function saveState(file: string, state: AppState): void {
  const checked = appStateSchema.parse(state);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checked, null, 2)}\n`, 'utf8');
  renameSync(temporary, file);
}

/** Puts `path` first, drops any older copy of it, keeps at most MAX_RECENT. */
export function addRecent(recent: readonly string[], path: string): string[] {
  return [path, ...recent.filter((entry) => entry !== path)].slice(0, MAX_RECENT);
}

export function removeRecent(recent: readonly string[], path: string): string[] {
  return recent.filter((entry) => entry !== path);
}

export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlap(a: Bounds, b: WorkArea): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Where to put the window: the saved bounds if enough of them is still on a screen (monitors get
 * unplugged), shrunk to fit that screen; otherwise a default size centred on the primary screen.
 */
export function placeWindow(saved: Bounds | null, workAreas: readonly WorkArea[]): Bounds {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
  const centred = (area: WorkArea): Bounds => {
    const width = Math.max(Math.min(DEFAULT_WIDTH, area.width), Math.min(MIN_WIDTH, area.width));
    const height = Math.max(Math.min(DEFAULT_HEIGHT, area.height), Math.min(MIN_HEIGHT, area.height));
    return {
      x: Math.round(area.x + (area.width - width) / 2),
      y: Math.round(area.y + (area.height - height) / 2),
      width,
      height,
    };
  };
  if (!saved) return centred(primary);
  let best: WorkArea | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const amount = overlap(saved, area);
    if (amount > bestOverlap) {
      best = area;
      bestOverlap = amount;
    }
  }
  // Less than a quarter visible, or a title bar nobody can reach: start again on the primary screen.
  if (!best || bestOverlap < (saved.width * saved.height) / 4) return centred(primary);
  const width = Math.min(saved.width, best.width);
  const height = Math.min(saved.height, best.height);
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}
