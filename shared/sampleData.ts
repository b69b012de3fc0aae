// Generated, fictional panel members for the bundled demo panel, tests and benchmarks. Deterministic
// for a seed, so a figure in a test or a bench run can be reproduced. No real person is in here.

import type { BoxMarking, FinanceObjective } from './domain';
import type { ImportRecord } from './importTypes';

/** Small fast PRNG (mulberry32): deterministic across Node and browsers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Aisha', 'Ben', 'Chloe', 'Dev', 'Ellie', 'Femi', 'Grace', 'Harry', 'Isla', 'Jack', 'Kiran', 'Lucy', 'Mo', 'Niamh', 'Owen', 'Priya', 'Rhys', 'Sara', 'Tom', 'Uma', 'Wei', 'Yusuf', 'Zara', 'Seán', 'Zoë'];
const LAST = ['Patel', 'Smith', 'Jones', 'Williams', 'Brown', 'Taylor', 'Davies', 'Evans', 'Khan', 'Wilson', 'Thomas', 'Roberts', 'Johnson', 'Lewis', 'Walker', 'Okafor', 'Nguyen', 'Hughes', 'Murphy', 'O\'Brien'];
const GRADES = [
  { grade: 'SCS1', weight: [9, 14] },
  { grade: 'SCS2', weight: [14, 19] },
  { grade: 'SCS3', weight: [19, 24] },
];
const TITLES = ['Deputy Director, Policy', 'Deputy Director, Digital', 'Deputy Director, Finance', 'Director, Operations', 'Director, Strategy', 'Head of Analysis', 'Chief Economist', 'Director General'];
const UNITS = ['Policy Group', 'Corporate Services', 'Operations', 'Digital and Data'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

const MARKING_CURVE: readonly (readonly [BoxMarking, number])[] = [
  ['Exceeding', 0.15],
  ['High Performing', 0.25],
  ['Achieving', 0.55],
  ['Partially Met', 0.05],
];

function nearby(random: () => number, marking: BoxMarking): BoxMarking {
  const order: BoxMarking[] = ['Exceeding', 'High Performing', 'Achieving', 'Partially Met'];
  const i = order.indexOf(marking);
  const step = random() < 0.7 ? 0 : random() < 0.5 ? -1 : 1;
  return order[Math.min(3, Math.max(0, i + step))]!;
}

export interface SampleOptions {
  seed?: number;
  performanceYear?: number;
  /** Share of people who joined after the cut-off (listed apart). */
  lateJoinerShare?: number;
}

/** `count` fictional people with realistic columns: grades, job weights, quarterly markings, characteristics. */
export function generatePeople(count: number, options: SampleOptions = {}): ImportRecord[] {
  const random = seededRandom(options.seed ?? 2025);
  const year = options.performanceYear ?? 2025;
  const managers = Array.from({ length: Math.max(3, Math.ceil(count / 8)) }, () => `${pick(random, FIRST)} ${pick(random, LAST)}`);
  const people: ImportRecord[] = [];
  for (let i = 0; i < count; i++) {
    const level = weighted(random, [
      [0, 0.7],
      [1, 0.25],
      [2, 0.05],
    ] as const);
    const { grade, weight } = GRADES[level]!;
    const provisional = weighted(random, MARKING_CURVE);
    const q2 = nearby(random, provisional);
    const finance: FinanceObjective = weighted(random, [
      ['Met', 0.8],
      ['Not met', 0.06],
      ['Not assessed', 0.14],
    ] as const);
    const late = random() < (options.lateJoinerShare ?? 0.02);
    const startYear = late ? year + 1 : year - 1 - Math.floor(random() * 25);
    const startMonth = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    people.push({
      row: i + 2,
      staffId: `S${String(100000 + i)}`,
      name: `${pick(random, FIRST)} ${pick(random, LAST)}`,
      grade,
      businessUnit: pick(random, UNITS),
      jobTitle: pick(random, TITLES),
      lineManager: pick(random, managers),
      jobWeight: weight[0]! + Math.floor(random() * (weight[1]! - weight[0]! + 1)),
      provisionalMarking: provisional,
      q1Marking: nearby(random, q2),
      q2Marking: q2,
      q3Marking: nearby(random, provisional),
      midYearMarking: q2,
      financeObjective: finance === 'Not met' && (provisional === 'Exceeding' || provisional === 'High Performing') && random() < 0.7 ? 'Met' : finance,
      corporateContribution: provisional === 'Exceeding' ? random() < 0.85 : random() < 0.3,
      csStartDate: `${startYear}-${startMonth}-15`,
      poorPerformanceMeasures: provisional === 'Partially Met' && random() < 0.3,
      // A few Civil Service leavers (moderated, no award), chosen without drawing on the random sequence so
      // the rest of the generated panel is unchanged.
      joinedDepartmentDate: null,
      leftDate: i % 61 === 13 ? `${year + 1}-02-28` : null,
      gradeForYear: null,
      inYearPayments: null,
      endYearPayment: null,
      characteristics: {
        sex: weighted(random, [['Female', 0.48], ['Male', 0.5], ['Prefer not to say', 0.02]] as const),
        ethnicity: weighted(random, [['White', 0.8], ['Asian', 0.08], ['Black', 0.05], ['Mixed', 0.03], ['Other', 0.01], ['Not recorded', 0.03]] as const),
        disability: weighted(random, [['Not disabled', 0.82], ['Disabled', 0.12], ['Prefer not to say', 0.06]] as const),
        age_band: weighted(random, [['30-39', 0.2], ['40-49', 0.4], ['50-59', 0.33], ['60+', 0.07]] as const),
        sexual_orientation: weighted(random, [['Heterosexual', 0.88], ['LGB+', 0.06], ['Prefer not to say', 0.06]] as const),
        religion_or_belief: weighted(random, [['No religion', 0.5], ['Christian', 0.38], ['Muslim', 0.04], ['Hindu', 0.02], ['Other', 0.02], ['Prefer not to say', 0.04]] as const),
        gender_identity: weighted(random, [['Same as sex at birth', 0.95], ['Prefer not to say', 0.05]] as const),
        working_pattern: weighted(random, [['Full time', 0.85], ['Part time', 0.15]] as const),
      },
    });
  }
  return people;
}

export const TEMPLATE_HEADERS = [
  'staff_id', 'name', 'grade', 'business_unit', 'job_title', 'line_manager', 'job_weight', 'provisional_marking',
  'q1_marking', 'q2_marking', 'q3_marking', 'mid_year_marking', 'finance_objective', 'corporate_contribution',
  'cs_start_date', 'poor_performance_measures', 'sex', 'ethnicity', 'disability', 'age_band', 'sexual_orientation',
  'religion_or_belief', 'gender_identity', 'working_pattern',
] as const;

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The people as a template CSV (what HR would load). */
export function peopleToCsv(people: readonly ImportRecord[]): string {
  const lines = [TEMPLATE_HEADERS.join(',')];
  for (const p of people) {
    const c = p.characteristics;
    lines.push(
      [
        p.staffId, p.name, p.grade, p.businessUnit, p.jobTitle, p.lineManager, p.jobWeight === null ? '' : String(p.jobWeight),
        p.provisionalMarking ?? '', p.q1Marking ?? '', p.q2Marking ?? '', p.q3Marking ?? '', p.midYearMarking ?? '',
        p.financeObjective, p.corporateContribution ? 'Yes' : 'No', p.csStartDate ?? '', p.poorPerformanceMeasures ? 'Yes' : 'No',
        c.sex ?? '', c.ethnicity ?? '', c.disability ?? '', c.age_band ?? '', c.sexual_orientation ?? '', c.religion_or_belief ?? '',
        c.gender_identity ?? '', c.working_pattern ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
