// The visible refusal: what the panel would not do and why, until dismissed or the next change succeeds.
// Not a second live region: the words are already announced once through LiveRegion.

import { usePanelStore } from '../store';

export function ErrorBanner() {
  const error = usePanelStore((s) => s.error);
  const clearError = usePanelStore((s) => s.clearError);
  if (!error) return null;
  return (
    <div className="error-banner" data-testid="error-banner">
      <span className="error-banner-icon" aria-hidden="true">
        !
      </span>
      <p className="error-banner-text">{error}</p>
      <button type="button" className="button button-quiet" onClick={clearError}>
        Dismiss
      </button>
    </div>
  );
}
