// The menu commands the main process may send to the window. Kept free of Node imports because the
// sandboxed preload bundles it (a sandboxed preload can require only 'electron').

/** Every message a menu item may send to the window (`modpanelHost.onMenu` delivers exactly these). */
export const MENU_MESSAGES = [
  'undo',
  'redo',
  'view:grid',
  'view:table',
  'view:history',
  'view:import',
  'view:export',
  'view:breakdowns',
  'view:record',
  'presentation',
  'apply-changes',
  'finance-sheet',
  'finance-import',
  'preview-sheet',
  'preview-import',
  // The overall moderation meeting (issue 8): unit panels chosen in the native dialog, and the department view.
  'merge-units-chosen',
  'view:department',
  // Mid-year against end-year (issue 8, paras 85 and 90).
  'view:midyear',
] as const;

export type MenuMessage = (typeof MENU_MESSAGES)[number];

export function isMenuMessage(value: unknown): value is MenuMessage {
  return typeof value === 'string' && (MENU_MESSAGES as readonly string[]).includes(value);
}
