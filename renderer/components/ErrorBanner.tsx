// The visible refusal: what the panel would not do and why, until dismissed or the next change succeeds.
// Not a second live region: the words are already announced once through LiveRegion.

import { usePanelStore } from '../store';
import { useOnScreen } from './projection';

export function ErrorBanner() {
  const error = usePanelStore((s) => s.error);
  const clearError = usePanelStore((s) => s.clearError);
  const onScreen = useOnScreen();
  // A panel busy elsewhere (an import running in another window or the CLI) offers to send the change again.
  const retry = usePanelStore((s) => s.retry);
  if (!error) return null;
  return (
    <div className="error-banner" data-testid="error-banner">
      <span className="error-banner-icon" aria-hidden="true">
        !
      </span>
      <p className="error-banner-text">{onScreen(error)}</p>
      {retry ? (
        <button type="button" className="button" onClick={() => void retry()}>
          Try again
        </button>
      ) : null}
      <button type="button" className="button button-quiet" onClick={clearError}>
        Dismiss
      </button>
    </div>
  );
}
