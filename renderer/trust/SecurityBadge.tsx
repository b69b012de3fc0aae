// Says in the header whether the panel file is encrypted. "Not encrypted" is a warning: anyone with the
// file can read the people in it. Where the passphrase is remembered on this computer, it can be forgotten.

import { useEffect, useState } from 'react';
import { api } from '../api';
import { usePanelStore } from '../store';
import './trust.css';

export function SecurityBadge() {
  const encrypted = usePanelStore((s) => s.encrypted);
  const fileName = usePanelStore((s) => s.fileName);
  const announce = usePanelStore((s) => s.announce);
  const [remembered, setRemembered] = useState(false);

  useEffect(() => {
    let live = true;
    void api.lockState({}).then((result) => {
      if (live && result.ok) setRemembered(result.value.remembered);
    });
    return () => {
      live = false;
    };
  }, [fileName]);

  if (encrypted === null) return null;
  if (!encrypted) {
    return (
      <span
        className="security-badge security-plain"
        data-testid="security-badge"
        title="This panel file is not encrypted: anyone who can read the file can read the people in it. Encrypt it with `modpanel rekey`."
      >
        Not encrypted
      </span>
    );
  }
  return (
    <>
      <span className="security-badge security-encrypted" data-testid="security-badge" title="This panel file is encrypted with a passphrase.">
        Encrypted
      </span>
      {remembered ? (
        <button
          type="button"
          className="button button-quiet button-small chrome"
          onClick={() =>
            void api.forgetPassphrase({}).then((result) => {
              if (result.ok) {
                setRemembered(false);
                announce('The passphrase is no longer remembered on this computer');
              }
            })
          }
        >
          Forget saved passphrase
        </button>
      ) : null}
    </>
  );
}
