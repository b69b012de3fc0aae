// The grid's layout: fit the screen (the default), cards, compact rows or chips. Remembered per panel file.

import { DENSITIES, DENSITY_LABELS, useDensity, type Density } from './density';

export function LayoutChooser({ shown }: { shown: string }) {
  const chosen = useDensity((s) => s.chosen);
  const choose = useDensity((s) => s.choose);
  return (
    <div className="field layout-chooser">
      <label htmlFor="grid-layout">Layout</label>
      <select id="grid-layout" value={chosen} aria-describedby="grid-layout-shown" onChange={(e) => choose(e.target.value as Density)}>
        {DENSITIES.map((density) => (
          <option key={density} value={density}>
            {DENSITY_LABELS[density]}
          </option>
        ))}
      </select>
      <span id="grid-layout-shown" className="sr-only">
        {shown}
      </span>
    </div>
  );
}
