import { useState } from 'react';
import type { AuthState, ShiftState, UserSummary } from '../../../shared/domain.ts';
import { invoke } from '../api.ts';
import { CountsScreen } from '../counts/CountsScreen.tsx';
import { DevicesScreen } from '../devices/DevicesScreen.tsx';
import { ReceiptsDialog } from '../receipts/ReceiptsDialog.tsx';
import { Returns } from '../returns/Returns.tsx';
import { Checkout } from '../sale/Checkout.tsx';
import { ShiftPanel } from '../shift/ShiftPanel.tsx';
import { LowStockScreen } from '../goods/LowStockScreen.tsx';
import { PurchaseOrderScreen } from '../goods/PurchaseOrderScreen.tsx';
import { ReceivingScreen } from '../goods/ReceivingScreen.tsx';
import { TransfersScreen } from '../goods/TransfersScreen.tsx';
import { StockScreen } from '../stock/StockScreen.tsx';
import { SyncPanel } from '../sync/SyncPanel.tsx';
import { useHotkeys } from '../ui/useHotkeys.ts';
import { SessionContext, type Mode, type Panel, type Session } from './session.ts';

interface RegisterProps {
  user: UserSummary;
  shiftState: ShiftState;
  onAuth: (state: AuthState) => void;
  onSwitchUser: () => void;
  onCloseShift: () => void;
}

/**
 * The register once someone is logged in and a shift is open: the sale screen or the returns screen, and the
 * panels over either (shift tools, receipts). F7 switches between sale and returns; F9 locks.
 */
export function Register({ user, shiftState, onAuth, onSwitchUser, onCloseShift }: RegisterProps) {
  const [mode, setMode] = useState<Mode>('sale');
  const [panel, setPanel] = useState<Panel>('none');
  const [pendingReturn, setPendingReturn] = useState<Session['pendingReturn']>(null);

  // A receipt handed to Returns is for that visit only: going back to the sale forgets it.
  const changeMode = (next: Mode) => {
    setMode(next);
    if (next === 'sale') setPendingReturn(null);
  };

  const lock = () => {
    invoke('auth.lock').then(onAuth, (error: unknown) => console.error(error));
  };
  const session: Session = {
    user,
    mode,
    setMode: changeMode,
    openPanel: setPanel,
    startReturn: (receiptNumber, customer) => {
      setPendingReturn({ receiptNumber, customer: customer ?? null });
      setMode('returns');
    },
    pendingReturn,
    lock,
    switchUser: () => {
      onSwitchUser();
      lock();
    },
  };

  const covered = panel !== 'none';
  useHotkeys(
    {
      F7: () => changeMode(mode === 'sale' ? 'returns' : 'sale'),
      F9: session.lock,
    },
    !covered,
  );

  const closePanel = () => setPanel('none');
  return (
    <SessionContext value={session}>
      {mode === 'sale' ? <Checkout covered={covered} /> : <Returns covered={covered} />}
      {panel === 'shift' && (
        <ShiftPanel
          shiftState={shiftState}
          onClose={closePanel}
          onCloseShift={() => {
            closePanel();
            onCloseShift();
          }}
        />
      )}
      {panel === 'receipts' && <ReceiptsDialog onClose={closePanel} />}
      {panel === 'devices' && <DevicesScreen onClose={closePanel} />}
      {panel === 'sync' && <SyncPanel onClose={closePanel} />}
      {panel === 'counts' && <CountsScreen onClose={closePanel} />}
      {panel === 'stock' && <StockScreen onClose={closePanel} />}
      {panel === 'receiving' && <ReceivingScreen onClose={closePanel} />}
      {panel === 'transfers' && <TransfersScreen onClose={closePanel} />}
      {panel === 'lowStock' && <LowStockScreen onClose={closePanel} />}
      {panel === 'purchaseOrder' && <PurchaseOrderScreen onClose={closePanel} />}
    </SessionContext>
  );
}
