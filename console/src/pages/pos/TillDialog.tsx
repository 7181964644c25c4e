import { Modal } from 'antd';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
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
      <EscapeCancels onCancel={props.onClose} />
      {props.children}
    </Modal>
  );
}

/**
 * Esc cancels a till dialog even when pressed the moment it shows, before its first field has the
 * focus (antd's own Esc only hears keys from inside the dialog, and the focus arrives a frame after
 * it opens). Only the topmost dialog answers, and only while the focus is outside it — inside,
 * antd's handler closes it. Put it inside the dialog's body.
 */
export function EscapeCancels(props: { onCancel: () => void }) {
  const marker = useRef<HTMLSpanElement>(null);
  const cancel = useRef(props.onCancel);
  cancel.current = props.onCancel;
  // registered in the commit: a key pressed right after the dialog shows must find it
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      const wrap = marker.current?.closest('.ant-modal-wrap');
      const wraps = document.querySelectorAll('.ant-modal-wrap');
      if (!wrap || wraps[wraps.length - 1] !== wrap || wrap.contains(document.activeElement)) return;
      cancel.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return <span ref={marker} hidden />;
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
