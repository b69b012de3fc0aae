// The Cabinet Office return (paras 91–94) as the panel record prints it: exactly the lines of the XLSX
// Summary sheet, from the same shared function, worked out live from the panel in the window.

import { useMemo } from 'react';
import { cabinetOfficeReturn, returnLines } from '../../shared/cabinetOfficeReturn';
import type { Panel, Person } from '../../shared/domain';

export function ReturnTable({ panel, people, caption }: { panel: Panel; people: readonly Person[]; caption: string }) {
  const lines = useMemo(() => returnLines(cabinetOfficeReturn(panel, people)), [panel, people]);
  return (
    <>
      <table className="record-table record-return" data-testid="record-return">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" className="num">
              Number
            </th>
            <th scope="col" className="num">
              Percent
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map(([figure, value, percent]) => (
            <tr key={figure}>
              <th scope="row">{figure}</th>
              <td className="num">{typeof value === 'number' ? value.toLocaleString('en-GB') : value}</td>
              <td className="num">{percent === null ? '' : `${percent.toFixed(1)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="record-note">
        Percentages are of the people eligible for moderation, to one decimal place, rounded half up. The same figures are on the
        Summary sheet of the XLSX export.
        {panel.status === 'finalised' ? '' : ' The panel is still open, so they may change.'}
      </p>
    </>
  );
}
