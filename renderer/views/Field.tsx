// A labelled form field for the toolbars: an explicit <label for>, so the control's name is exactly the
// label (an implicit label around a select would also read out the chosen option).

import { useId, type ReactNode } from 'react';

export default function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="mp-field">
      <label className="mp-field__label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
