// The panel's fairness statistics: one import for the UI and the CLI. Pure; runs anywhere.

export * from './adverse';
export * from './boxes';
export * from './breakdown';
export * from './chiSquare';
export * from './discussion';
export * from './explain';
export * from './fisher';
export * from './gamma';
export * from './groups';
export * from './guidance';
export * from './hypergeometric';
export * from './movement';
export * from './ratios';
export * from './rounding';
export * from './smallNumbers';
export * from './suppression';
