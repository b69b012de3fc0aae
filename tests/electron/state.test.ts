// What the desktop app remembers: the state file survives damage (defaults, never a crash), recent panels
// stay de-duplicated and capped, and a saved window position is brought back onto a screen that exists.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_RECENT,
  addRecent,
  defaultState,
  loadState,
  placeWindow,
  removeRecent,
  saveState,
} from '../../electron/state';

const dir = mkdtempSync(join(tmpdir(), 'modpanel-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('gives the defaults when there is no file yet', () => {
    expect(loadState(join(dir, 'missing.json'))).toEqual(defaultState());
  });

  it('round-trips what was saved', () => {
    const file = join(dir, 'nested', 'state.json');
    const state = { version: 1 as const, window: { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximised: true }, recentPanels: ['/a.modpanel'] };
    saveState(file, state);
    expect(loadState(file)).toEqual(state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
  });

  it.each([
    ['not JSON', '{ this is not json'],
    ['the wrong version', JSON.stringify({ version: 2, recentPanels: [] })],
    ['the wrong types', JSON.stringify({ version: 1, window: { bounds: { x: 'left' } }, recentPanels: 'a' })],
    ['an absurd size', JSON.stringify({ version: 1, window: { bounds: { x: 0, y: 0, width: 1e9, height: 10 } } })],
    ['null', 'null'],
  ])('falls back to the defaults for %s', (_label, contents) => {
    const file = join(dir, `bad-${Math.random()}.json`);
    writeFileSync(file, contents);
    expect(loadState(file)).toEqual(defaultState());
  });

  it('fills in missing parts of an older file', () => {
    const file = join(dir, 'partial.json');
    writeFileSync(file, JSON.stringify({ version: 1 }));
    expect(loadState(file)).toEqual(defaultState());
  });

  it('refuses to write a state that would not read back', () => {
    expect(() => saveState(join(dir, 'x.json'), { ...defaultState(), recentPanels: [''] })).toThrow();
  });
});

describe('recent panels', () => {
  it('puts the latest first without duplicates and keeps at most the limit', () => {
    let recent: string[] = [];
    for (let i = 0; i < MAX_RECENT + 5; i += 1) recent = addRecent(recent, `/p${i}.modpanel`);
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent[0]).toBe(`/p${MAX_RECENT + 4}.modpanel`);
    recent = addRecent(recent, '/p10.modpanel');
    expect(recent[0]).toBe('/p10.modpanel');
    expect(recent.filter((p) => p === '/p10.modpanel')).toHaveLength(1);
    expect(removeRecent(recent, '/p10.modpanel')).not.toContain('/p10.modpanel');
  });
});

describe('placeWindow', () => {
  const laptop = { x: 0, y: 0, width: 1280, height: 800 };
  const monitor = { x: 1280, y: 0, width: 1920, height: 1080 };

  it('centres a default-sized window on the primary screen the first time', () => {
    expect(placeWindow(null, [monitor])).toEqual({ x: 1280 + 260, y: 90, width: 1400, height: 900 });
    const small = placeWindow(null, [laptop]);
    expect(small.width).toBeLessThanOrEqual(1280);
    expect(small.height).toBeLessThanOrEqual(800);
  });

  it('keeps saved bounds that are on a screen', () => {
    const saved = { x: 1400, y: 50, width: 1200, height: 700 };
    expect(placeWindow(saved, [laptop, monitor])).toEqual(saved);
  });

  it('brings back a window whose monitor was unplugged', () => {
    const saved = { x: 1400, y: 50, width: 1200, height: 700 };
    const placed = placeWindow(saved, [laptop]);
    expect(placed.x).toBeGreaterThanOrEqual(0);
    expect(placed.x + placed.width).toBeLessThanOrEqual(1280);
    expect(placed.y + placed.height).toBeLessThanOrEqual(800);
  });

  it('shrinks and nudges a window that hangs off the edge', () => {
    const placed = placeWindow({ x: 900, y: -30, width: 1000, height: 900 }, [laptop]);
    expect(placed).toEqual({ x: 280, y: 0, width: 1000, height: 800 });
  });
});
