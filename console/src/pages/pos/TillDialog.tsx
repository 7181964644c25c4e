import { Modal } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../lib/api';
import { NetworkError } from './tillApi';

/** A refusal as the till shows it: the server's code and message. */
export const errText = (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : (e as Error).message);

/**
 * A keyboard dialog of the till: no animation (the cashier types at once), Esc closes, nothing is
 * kept once closed, and `focus` puts the cursor in its first field as soon as it is open.
 */
export function TillModal(props: { title: string; onClose: () => void; focus: () => void; children: ReactNode }) {
  return (
    <Modal open transitionName="" maskTransitionName="" title={props.title} onCancel={props.onClose} footer={null} destroyOnHidden afterOpenChange={(o) => o && props.focus()}>
      {props.children}
    </Modal>
  );
}

/**
 * The submit of a till dialog that writes one document (售礼品卡, 充值, 充值冲正). The document's
 * UUID is made when the dialog opens: after a network error the same document is sent again and
 * applied once; a refusal wrote nothing, so the next try is a new document (a new id). `busy` while
 * a send is out, the error to show, and the document once written (the dialog's done view).
 */
export function useDocumentSubmit<T>(onDone: (doc: T) => void, networkErrorText: string) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<T | null>(null);
  const id = useRef(crypto.randomUUID());

  /** `send` gets the document's id; `onFailed` runs after either failure (`refused`: the id is now a new one). */
  const submit = async (send: (id: string) => Promise<T>, onFailed?: (refused: boolean) => void) => {
    setBusy(true);
    setError(null);
    try {
      const doc = await send(id.current);
      setDone(doc);
      onDone(doc);
    } catch (e) {
      const refused = !(e instanceof NetworkError);
      setError(refused ? errText(e) : networkErrorText);
      if (refused) id.current = crypto.randomUUID();
      onFailed?.(refused);
    } finally {
      setBusy(false);
    }
  };
  return { id, error, setError, busy, done, submit };
}
