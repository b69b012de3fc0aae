// `npm run screenshots`: the README's pictures, headed in Debian's Chromium under Xvfb.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: 'tests/screenshots',
  testMatch: '**/*.shots.ts',
  use: { ...base.use, headless: false },
});
