import type { ReactNode } from 'react';
import { registerLabel } from '../../../shared/settings.ts';
import { useStore } from '../store.ts';
import { Clock } from './Clock.tsx';

interface ScreenFrameProps {
  testId: string;
  /** Who is logged in, when someone is. */
  userName?: string;
  children: ReactNode;
}

/** The frame of the screens around the register (log in, open shift, Z report): store, register, clock. */
export function ScreenFrame({ testId, userName, children }: ScreenFrameProps) {
  const { info } = useStore();
  return (
    <div className="screen" data-testid={testId}>
      <header className="app-header">
        <div className="brand">
          <span className="store-name">{info.settings.storeName}</span>
          <span className="register-id">
            Register {registerLabel(info.register.registerId, info.register)}
          </span>
        </div>
        {userName && (
          <span className="user-chip screen-user" data-testid="current-user">
            {userName}
          </span>
        )}
        <Clock />
      </header>
      <main className="screen-body">{children}</main>
    </div>
  );
}
