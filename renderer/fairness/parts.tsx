// Small pieces the fairness views share: the box legend, a value with its flag spelled out, and a list
// of plain sentences.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { BOX_MARKINGS } from '../../shared/domain';
import { BOX_CLASS } from './format';

/** The four boxes with their colours and names: the charts' key, in words as well as colour. */
export function BoxLegend() {
  return (
    <ul className="box-legend" aria-label="Key">
      {BOX_MARKINGS.map((box) => (
        <li key={box}>
          <span className={`swatch ${BOX_CLASS[box]}`} aria-hidden="true" />
          {box}
        </li>
      ))}
    </ul>
  );
}

/** A ratio with "Flagged" beside it when it breaks the rule (in words, not colour alone). */
export function FlaggedValue({ text, flagged, rule }: { text: string; flagged: boolean; rule: string }) {
  if (!flagged) return <>{text}</>;
  return (
    <span className="flagged-value">
      {text}{' '}
      <strong className="flag-mark" title={`Flagged: ${rule}`}>
        <span aria-hidden="true">⚑ </span>Flagged<span className="sr-only">: {rule}</span>
      </strong>
    </span>
  );
}

export function Sentences({ sentences, label }: { sentences: string[]; label: string }) {
  if (sentences.length === 0) return null;
  return (
    <ul className="fairness-sentences" aria-label={label}>
      {sentences.map((sentence, i) => (
        <li key={i}>{sentence}</li>
      ))}
    </ul>
  );
}

export function Section({ id, title, children, className }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`fairness-section ${className ?? ''}`} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** The width an element is laid out at, so the charts draw at their real size (no stretched text). */
export function useWidth<T extends HTMLElement>(fallback: number): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(200, Math.floor(element.getBoundingClientRect().width)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
